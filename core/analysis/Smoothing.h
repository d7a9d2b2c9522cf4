#pragma once
// Curve smoothing for display. Runs on full-resolution data (never on downsampled points), so
// the smoothed curve does not depend on the zoom level or the window width.
#include <vector>

namespace w2s {

/// Exponential moving average with TensorBoard's de-biasing: the running average starts at 0 and
/// is divided by (1 - weight^t) after t finite values, so the first values are not pulled towards
/// 0 (or towards the first value, as a plain EMA seeded with it would be).
/// weight in [0, 1): 0 returns the input unchanged. Non-finite values (NaN, inf) are passed
/// through and do not enter the average. Throws std::invalid_argument for a weight outside [0, 1).
std::vector<double> emaDebiased(const std::vector<double>& values, double weight);

}  // namespace w2s
