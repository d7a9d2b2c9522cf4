#include "core/data/Splits.h"

#include <vector>

#include "core/data/Random.h"
#include "core/util/Error.h"

namespace w2s {

HalfSplit splitHalves(int64_t n, uint64_t seed) {
  if (n < 2) {
    throw SpecError("split: need at least 2 training examples to form halves A and B, got " +
                    std::to_string(n));
  }
  std::vector<int64_t> perm = seededPermutation(n, seed);
  const int64_t half = n / 2;
  auto all = torch::from_blob(perm.data(), {n}, torch::kInt64);
  // Sorted halves keep file order inside each half: batches are shuffled by the trainer anyway,
  // and sorted indices make index_select cache-friendly.
  HalfSplit s;
  s.a = std::get<0>(all.slice(0, 0, half).sort());
  s.b = std::get<0>(all.slice(0, half, 2 * half).sort());
  return s;
}

}  // namespace w2s
