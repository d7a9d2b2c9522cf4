#pragma once
// Mean over seeds with the spread the user chose (95% CI, ±std, min-max).
#include <vector>

#include "ui/charts/FigureOptions.h"

namespace w2s {

struct SeedBand {
  double mean = 0.0, lo = 0.0, hi = 0.0;
  int n = 0;  ///< finite values used

  /// Over the finite entries of `values` (NaN, e.g. undefined PGR, skipped). n == 0: all NaN.
  /// n == 1: lo == hi == mean. BandKind::None: lo == hi == mean.
  static SeedBand of(const std::vector<double>& values, BandKind band);
};

}  // namespace w2s
