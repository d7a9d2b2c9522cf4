#include "core/metrics/JobMetrics.h"

#include <cmath>

#include "core/metrics/Auroc.h"
#include "core/metrics/Calibration.h"

namespace w2s {

nlohmann::json testSetMetrics(const std::vector<float>& probs, int cols,
                              const std::vector<int>& truth, const std::vector<double>* logProbs) {
  nlohmann::json j = nlohmann::json::object();
  // JSON has no NaN: an undefined metric is absent, and readers treat absence as undefined.
  const double a = logProbs ? aurocFromLogProbs(*logProbs, cols, truth) : auroc(probs, cols, truth);
  if (std::isfinite(a)) j["auroc"] = a;
  const double e = expectedCalibrationError(probs, cols, truth);
  if (std::isfinite(e)) j["ece"] = e;
  return j;
}

}  // namespace w2s
