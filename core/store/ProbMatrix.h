#pragma once
#include <cstdint>
#include <vector>

namespace w2s {

/// Row-major float32 matrix of class probabilities [rows, cols], as stored.
struct ProbMatrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<float> data;
  float at(int64_t r, int64_t c) const { return data[static_cast<size_t>(r * cols + c)]; }
  /// argmax per row.
  std::vector<int> argmax() const;
};

}  // namespace w2s
