#pragma once
#include <cstdint>
#include <limits>

namespace w2s {

/// One evaluation on the test set during training. Agreement fields are NaN for models without
/// a supervisor (weak models and ceilings).
struct EvalPoint {
  int64_t step = 0;
  double epoch = 0.0;      ///< fractional epoch at this step
  double trainLoss = 0.0;  ///< mean training loss since the previous evaluation
  double testLoss = 0.0;   ///< cross-entropy to ground truth on test
  double testAcc = 0.0;
  double agreeAll = std::numeric_limits<double>::quiet_NaN();
  double agreeRight = std::numeric_limits<double>::quiet_NaN();  ///< where supervisor is right
  double agreeWrong = std::numeric_limits<double>::quiet_NaN();  ///< where supervisor is wrong
  double lr = 0.0;
  double seconds = 0.0;  ///< wall time since training started
};

}  // namespace w2s
