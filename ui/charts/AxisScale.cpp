#include "ui/charts/AxisScale.h"

#include <algorithm>
#include <cmath>

namespace w2s {

double AxisScale::niceStep(double span, int ticks) {
  if (!(span > 0) || !std::isfinite(span)) return 1.0;
  const double raw = span / std::max(1, ticks);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  const double nice = f < 1.5 ? 1.0 : f < 3.5 ? 2.0 : f < 7.5 ? 5.0 : 10.0;
  return nice * mag;
}

int AxisScale::decimalsFor(double step) {
  if (!(step > 0) || step >= 1.0) return 0;
  return std::min(12, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
}

std::pair<double, double> AxisScale::padded(double lo, double hi, bool log, double frac) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi)
    return log ? std::make_pair(1.0, 10.0) : std::make_pair(0.0, 1.0);
  if (log) {
    lo = std::max(lo, 1e-300);
    hi = std::max(hi, lo);
    const double factor = std::pow(10.0, std::max(0.05, frac * std::log10(hi / lo) * 2));
    double a = lo / factor, b = hi * factor;
    // Fewer than two labelled decades inside: widen to the decades around the data, so the axis
    // reads 10^k, 10^k+1, ... (one lone "100000" says nothing about the scale).
    if (std::floor(std::log10(b)) - std::ceil(std::log10(a)) < 1) {
      a = std::pow(10.0, std::floor(std::log10(a)));
      b = std::pow(10.0, std::ceil(std::log10(b)));
    }
    return {a, b};
  }
  double span = hi - lo;
  if (span <= 0) span = std::max(std::abs(lo) * 0.1, 0.01);
  return {lo - frac * span, hi + frac * span};
}

}  // namespace w2s
