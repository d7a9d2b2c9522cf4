#pragma once
// Percentile bootstrap confidence interval of a mean (e.g. PGR over seeds). It assumes no
// normality, but over a handful of seeds it is far too narrow: the real coverage of a nominal
// 95 % interval is about 50 % with 2 seeds and below 90 % until about 10 (docs/science.md,
// "Intervals"). Reports use the Student-t interval of Stats.h and label this one approximate.
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
/// n == 1: the mean, lo/hi NaN; n == 0: all NaN. Throws std::invalid_argument when level is not in
/// (0, 1) or resamples < 1.
BootstrapCi bootstrapMeanCi(const std::vector<double>& values, int resamples = 10000,
                            double level = 0.95, uint64_t seed = 0);

/// `resamples` ratios mean(num*) / mean(den*) of index resamples with replacement of the paired
/// values (e.g. PGR's gains and gaps over seeds), sorted; a resample whose mean denominator is
/// <= 0 gives NaN and is left out. Same seed, same ratios. Throws std::invalid_argument when
/// the sizes differ, are 0, or resamples < 1.
std::vector<double> bootstrapRatioOfMeans(const std::vector<double>& num,
                                          const std::vector<double>& den, int resamples,
                                          uint64_t seed = 0);

/// The q-quantile (q in [0, 1]) of sorted values by linear interpolation between order
/// statistics (the default "type 7" of R and numpy). NaN when empty.
double quantileSorted(const std::vector<double>& sorted, double q);

}  // namespace w2s
