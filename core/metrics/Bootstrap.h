#pragma once
// Percentile bootstrap confidence interval of a mean (e.g. PGR over seeds). Unlike the
// Student-t interval of Stats.h it assumes no normality, which matters for the bounded,
// skewed quantities (accuracies near 1, PGR) averaged over a handful of seeds.
#include <cstdint>
#include <vector>

namespace w2s {

struct BootstrapCi {
  double mean = 0.0;  ///< mean of the finite values
  double lo = 0.0;    ///< lower percentile of the resampled means
  double hi = 0.0;    ///< upper percentile of the resampled means
  int n = 0;          ///< finite values used
  int resamples = 0;
};

/// Resamples the finite values (NaN entries, e.g. undefined PGR, are dropped and not counted in
/// n) `resamples` times with replacement and takes the (1-level)/2 and (1+level)/2 quantiles
/// (linear interpolation) of the resampled means. Same seed, same interval, on every platform.
/// n == 1: lo == hi == mean; n == 0: all NaN. Throws std::invalid_argument when level is not in
/// (0, 1) or resamples < 1.
BootstrapCi bootstrapMeanCi(const std::vector<double>& values, int resamples = 10000,
                            double level = 0.95, uint64_t seed = 0);

/// The q-quantile (q in [0, 1]) of sorted values by linear interpolation between order
/// statistics (the default "type 7" of R and numpy). NaN when empty.
double quantileSorted(const std::vector<double>& sorted, double q);

}  // namespace w2s
