#pragma once
// Portable random numbers for data generation, shuffles and view degradations.
// std::mt19937_64 is fully specified by the standard, but std::uniform_int_distribution,
// std::normal_distribution and std::shuffle are not: libstdc++ and libc++ give different numbers.
// These helpers fix the algorithms so the same seed gives the same data everywhere.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace w2s {

/// Uniform integer in [0, n) from one 64-bit draw (Lemire's multiply-shift; bias < n / 2^64).
inline uint64_t randomBelow(std::mt19937_64& rng, uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(rng()) * n) >> 64);
}

/// Uniform double in [0, 1) with 53 random bits.
inline double randomUniform(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

/// Standard normal numbers by the Box-Muller transform, two per pair of uniform draws.
class GaussianSampler {
 public:
  explicit GaussianSampler(uint64_t seed) : rng_(seed) {}

  /// Next N(0, 1) number.
  double next() {
    if (hasSpare_) {
      hasSpare_ = false;
      return spare_;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const double r = std::sqrt(-2.0 * std::log(1.0 - randomUniform(rng_)));
    const double theta = 6.283185307179586 * randomUniform(rng_);
    spare_ = r * std::sin(theta);
    hasSpare_ = true;
    return r * std::cos(theta);
  }

  /// The underlying engine, for uniform draws interleaved with normal ones.
  std::mt19937_64& engine() { return rng_; }

 private:
  std::mt19937_64 rng_;
  double spare_ = 0.0;
  bool hasSpare_ = false;
};

/// A permutation of 0..n-1 by Fisher-Yates driven by std::mt19937_64(seed).
inline std::vector<int64_t> seededPermutation(int64_t n, uint64_t seed) {
  std::vector<int64_t> p(static_cast<size_t>(n > 0 ? n : 0));
  for (int64_t i = 0; i < n; ++i) p[static_cast<size_t>(i)] = i;
  std::mt19937_64 rng(seed);
  for (int64_t i = n - 1; i > 0; --i) {
    const auto j = static_cast<int64_t>(randomBelow(rng, static_cast<uint64_t>(i) + 1));
    std::swap(p[static_cast<size_t>(i)], p[static_cast<size_t>(j)]);
  }
  return p;
}

}  // namespace w2s
