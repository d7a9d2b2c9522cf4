#include "core/metrics/ConfidentAgreement.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace w2s {

namespace {

void checkClass(int value, int cols, const char* what, size_t row) {
  if (value < 0 || value >= cols) {
    throw std::invalid_argument(std::string("confident agreement: ") + what + "[" +
                                std::to_string(row) + "] = " + std::to_string(value) +
                                " is outside [0, " + std::to_string(cols) + ")");
  }
}

}  // namespace

ConfidentAgreement confidentAgreement(const std::vector<float>& studentProbs, int cols,
                                      const std::vector<int>& supervisor,
                                      const std::vector<int>& truth, double threshold) {
  if (cols < 2) {
    throw std::invalid_argument("confident agreement: expected at least 2 columns, got " +
                                std::to_string(cols));
  }
  if (!(threshold >= 0.0 && threshold < 1.0)) {
    throw std::invalid_argument("confident agreement: threshold must be in [0, 1), got " +
                                std::to_string(threshold));
  }
  if (supervisor.size() != truth.size() ||
      studentProbs.size() != truth.size() * static_cast<size_t>(cols)) {
    throw std::invalid_argument("confident agreement: " + std::to_string(studentProbs.size()) +
                                " student probabilities (" + std::to_string(cols) + " columns), " +
                                std::to_string(supervisor.size()) + " supervisor predictions, " +
                                std::to_string(truth.size()) + " truths; expected equal rows");
  }
  ConfidentAgreement out;
  for (size_t r = 0; r < truth.size(); ++r) {
    checkClass(truth[r], cols, "truth", r);
    checkClass(supervisor[r], cols, "supervisor", r);
    const float* row = studentProbs.data() + r * cols;
    const int pred = static_cast<int>(std::max_element(row, row + cols) - row);
    if (pred == truth[r]) continue;
    ++out.studentWrong;
    if (pred == supervisor[r] && row[pred] > threshold) ++out.confidentAgree;
  }
  out.fraction = out.studentWrong ? static_cast<double>(out.confidentAgree) / out.studentWrong
                                  : std::numeric_limits<double>::quiet_NaN();
  return out;
}

}  // namespace w2s
