#pragma once
// How often a student repeats its supervisor's mistakes with conviction: among the test
// examples the student gets wrong, the fraction where it predicts the supervisor's class with
// probability above a threshold (SCIENCE.md, "Metrics").
#include <vector>

namespace w2s {

struct ConfidentAgreement {
  double fraction = 0.0;   ///< confidentAgree / studentWrong; NaN when the student is never wrong
  int studentWrong = 0;    ///< examples the student gets wrong
  int confidentAgree = 0;  ///< of those, predicted as the supervisor did with p > threshold
};

/// `studentProbs`: the student's class probabilities (row-major [rows, cols]); `supervisor`: the
/// supervisor's predicted classes; `truth`: ground truth. Throws std::invalid_argument when the
/// sizes disagree, cols < 2, a class index is outside [0, cols) or threshold is outside [0, 1).
ConfidentAgreement confidentAgreement(const std::vector<float>& studentProbs, int cols,
                                      const std::vector<int>& supervisor,
                                      const std::vector<int>& truth, double threshold = 0.9);

}  // namespace w2s
