#include "ui/charts/SeedBand.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/analysis/Stats.h"

namespace w2s {

SeedBand SeedBand::of(const std::vector<double>& values, BandKind band) {
  std::vector<double> v;
  for (double x : values) {
    if (std::isfinite(x)) v.push_back(x);
  }
  SeedBand b;
  b.n = static_cast<int>(v.size());
  if (v.empty()) {
    b.mean = b.lo = b.hi = std::numeric_limits<double>::quiet_NaN();
    return b;
  }
  double sum = 0.0;
  for (double x : v) sum += x;
  b.mean = sum / b.n;
  b.lo = b.hi = b.mean;
  if (b.n < 2) return b;
  switch (band) {
    case BandKind::Ci95: {
      const MeanCi ci = meanCi(v, 0.95);
      b.lo = ci.lo;
      b.hi = ci.hi;
      break;
    }
    case BandKind::Std: {
      double ss = 0.0;
      for (double x : v) ss += (x - b.mean) * (x - b.mean);
      const double sd = std::sqrt(ss / (b.n - 1));
      b.lo = b.mean - sd;
      b.hi = b.mean + sd;
      break;
    }
    case BandKind::MinMax: {
      const auto [mn, mx] = std::minmax_element(v.begin(), v.end());
      b.lo = *mn;
      b.hi = *mx;
      break;
    }
    case BandKind::None:
      break;
  }
  return b;
}

}  // namespace w2s
