#include "core/analysis/Smoothing.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace w2s {

std::vector<double> emaDebiased(const std::vector<double>& values, double weight) {
  if (!(weight >= 0.0 && weight < 1.0)) {
    throw std::invalid_argument("emaDebiased: smoothing weight must be in [0, 1), got " +
                                std::to_string(weight));
  }
  std::vector<double> out(values.size());
  double last = 0.0;
  // weight^t kept as a running product: pow() per point costs more than the rest of the loop.
  double weightPow = 1.0;
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (!std::isfinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1.0 - weight) * v;
    weightPow *= weight;
    const double debias = 1.0 - weightPow;
    out[i] = debias > 0.0 ? last / debias : v;
  }
  return out;
}

}  // namespace w2s
