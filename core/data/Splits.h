#pragma once
#include <torch/torch.h>

#include <cstdint>

namespace w2s {

/// Disjoint halves A (supervisor's) and B (student's) of the training set, as int64 index tensors.
struct HalfSplit {
  torch::Tensor a;
  torch::Tensor b;
};

/// Shuffles 0..n-1 with the seed and cuts it into two disjoint halves of n/2 each.
/// Deterministic for a given (n, seed) on every platform.
HalfSplit splitHalves(int64_t n, uint64_t seed);

}  // namespace w2s
