#include "core/store/ProbMatrix.h"

#include <stdexcept>
#include <string>

namespace w2s {

std::vector<int> ProbMatrix::argmax() const {
  if (rows < 0 || cols < 0 || data.size() != static_cast<size_t>(rows * cols)) {
    throw std::invalid_argument("ProbMatrix: " + std::to_string(data.size()) +
                                " values, expected rows * cols = " + std::to_string(rows) + " * " +
                                std::to_string(cols));
  }
  std::vector<int> out(static_cast<size_t>(rows), 0);
  for (int64_t r = 0; r < rows; ++r) {
    int best = 0;
    // Ties go to the lowest class index so that equal inputs always give equal predictions.
    for (int64_t c = 1; c < cols; ++c) {
      if (at(r, c) > at(r, best)) best = static_cast<int>(c);
    }
    out[static_cast<size_t>(r)] = best;
  }
  return out;
}

}  // namespace w2s
