#pragma once
// Axis range and tick arithmetic shared by the figures (no QtCharts).
#include <utility>

namespace w2s {

class AxisScale {
 public:
  /// A 1, 2 or 5 × 10^k step giving about `ticks` intervals over `span`.
  static double niceStep(double span, int ticks);
  /// Decimals needed to print multiples of `step` distinctly (0 for steps >= 1).
  static int decimalsFor(double step);
  /// [lo, hi] padded by `frac` of the span (linear) or by a factor (log). A log range that holds
  /// fewer than two powers of ten is widened to the decades around it, so the axis labels at
  /// least two decades.
  /// Degenerate spans are widened to something drawable.
  static std::pair<double, double> padded(double lo, double hi, bool log, double frac = 0.05);
};

}  // namespace w2s
