#include "core/metrics/Bootstrap.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>

namespace w2s {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Uniform index in [0, n) by rejection: std::uniform_int_distribution is implementation-defined,
// and the interval must not change with the standard library.
size_t drawIndex(std::mt19937_64& rng, uint64_t n) {
  const uint64_t limit =
      std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % n;
  uint64_t x = rng();
  while (x >= limit) x = rng();
  return static_cast<size_t>(x % n);
}

}  // namespace

double quantileSorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return kNaN;
  const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(pos));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double frac = pos - static_cast<double>(below);
  return sorted[below] + frac * (sorted[above] - sorted[below]);
}

BootstrapCi bootstrapMeanCi(const std::vector<double>& values, int resamples, double level,
                            uint64_t seed) {
  if (!(level > 0.0 && level < 1.0)) {
    throw std::invalid_argument("bootstrap: level must be in (0, 1), got " + std::to_string(level));
  }
  if (resamples < 1) {
    throw std::invalid_argument("bootstrap: resamples must be >= 1, got " +
                                std::to_string(resamples));
  }
  std::vector<double> finite;
  for (double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  BootstrapCi ci;
  ci.n = static_cast<int>(finite.size());
  ci.resamples = resamples;
  if (finite.empty()) {
    ci.mean = ci.lo = ci.hi = kNaN;
    return ci;
  }
  double sum = 0.0;
  for (double v : finite) sum += v;
  ci.mean = sum / static_cast<double>(finite.size());
  if (finite.size() == 1) {
    ci.lo = ci.hi = kNaN;  // one value: no interval
    return ci;
  }

  std::mt19937_64 rng(seed);
  std::vector<double> means(static_cast<size_t>(resamples));
  for (double& m : means) {
    double s = 0.0;
    for (size_t i = 0; i < finite.size(); ++i) s += finite[drawIndex(rng, finite.size())];
    m = s / static_cast<double>(finite.size());
  }
  std::sort(means.begin(), means.end());
  ci.lo = quantileSorted(means, (1.0 - level) / 2.0);
  ci.hi = quantileSorted(means, (1.0 + level) / 2.0);
  return ci;
}

std::vector<double> bootstrapRatioOfMeans(const std::vector<double>& num,
                                          const std::vector<double>& den, int resamples,
                                          uint64_t seed) {
  if (num.size() != den.size() || num.empty()) {
    throw std::invalid_argument("bootstrap: " + std::to_string(num.size()) + " numerators and " +
                                std::to_string(den.size()) +
                                " denominators, expected equal non-zero counts");
  }
  if (resamples < 1) {
    throw std::invalid_argument("bootstrap: resamples must be >= 1, got " +
                                std::to_string(resamples));
  }
  std::mt19937_64 rng(seed);
  std::vector<double> ratios;
  ratios.reserve(static_cast<size_t>(resamples));
  for (int r = 0; r < resamples; ++r) {
    double sn = 0.0, sd = 0.0;
    for (size_t i = 0; i < num.size(); ++i) {
      const size_t k = drawIndex(rng, num.size());
      sn += num[k];
      sd += den[k];
    }
    if (sd > 0.0) ratios.push_back(sn / sd);
  }
  std::sort(ratios.begin(), ratios.end());
  return ratios;
}

}  // namespace w2s
