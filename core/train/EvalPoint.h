#pragma once
#include <cstdint>
#include <limits>

namespace w2s {

/// One evaluation on the test set during training. Agreement fields are NaN for models without
/// a supervisor (weak models and ceilings).
/// How many training examples EvalPoint::trainAcc is measured on (all when fewer).
constexpr int64_t kTrainAccExamples = 2048;

struct EvalPoint {
  int64_t step = 0;
  double epoch = 0.0;      ///< fractional epoch at this step
  double trainLoss = 0.0;  ///< mean training loss since the previous evaluation
  double testLoss = 0.0;   ///< cross-entropy to ground truth on test
  double testAcc = 0.0;
  double agreeAll = std::numeric_limits<double>::quiet_NaN();
  double agreeRight = std::numeric_limits<double>::quiet_NaN();  ///< where supervisor is right
  double agreeWrong = std::numeric_limits<double>::quiet_NaN();  ///< where supervisor is wrong
  /// Accuracy against the labels the model trains on (the weak labels for a student, ground truth
  /// otherwise) on the first kTrainAccExamples training examples: rising while test accuracy
  /// falls is overfitting to the supervisor. NaN where not measured (pretraining, imports).
  double trainAcc = std::numeric_limits<double>::quiet_NaN();
  double lr = 0.0;
  double seconds = 0.0;  ///< wall time since training started
};

}  // namespace w2s
