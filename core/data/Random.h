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
template <class Engine64>
uint64_t randomBelow(Engine64& rng, uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(rng()) * n) >> 64);
}

/// Uniform double in [0, 1) with 53 random bits.
template <class Engine64>
double randomUniform(Engine64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

/// SplitMix64 (Steele, Lea, Flood 2014): a 64-bit generator whose state is one word, so seeding
/// one stream per example costs nothing (std::mt19937_64 fills 312 words per seed).
class SplitMix64 {
 public:
  using result_type = uint64_t;
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~uint64_t{0}; }
  result_type operator()() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

/// Standard normal numbers (float) by the Box-Muller transform: one 64-bit draw gives two 24-bit
/// uniforms and so two normals. Float math is about twice as fast as double, and the 24-bit
/// uniforms cap |z| at about 5.9, far enough in the tail for input noise and synthetic inputs.
class GaussianSampler {
 public:
  explicit GaussianSampler(uint64_t seed) : rng_(seed) {}

  /// Next N(0, 1) number.
  float next() {
    if (hasSpare_) {
      hasSpare_ = false;
      return spare_;
    }
    float a = 0, b = 0;
    pair(a, b);
    spare_ = b;
    hasSpare_ = true;
    return a;
  }

  /// out[k] += scale * z_k for k < n; the same numbers as n calls of next().
  void addScaled(float* out, int64_t n, float scale) {
    int64_t k = 0;
    if (hasSpare_ && n > 0) out[k++] += scale * next();
    for (; k + 1 < n; k += 2) {
      float a = 0, b = 0;
      pair(a, b);
      out[k] += scale * a;
      out[k + 1] += scale * b;
    }
    if (k < n) out[k] += scale * next();
  }

 private:
  void pair(float& a, float& b) {
    const uint64_t bits = rng_();
    // u1 in (0, 1): the logarithm is finite. u2 in [0, 1).
    const float u1 = (static_cast<float>(bits >> 40) + 0.5f) * 0x1p-24f;
    const float u2 = static_cast<float>(bits & 0xFFFFFFu) * 0x1p-24f;
    const float r = std::sqrt(-2.0f * std::log(u1));
    const float theta = 6.28318530718f * u2;
    a = r * std::cos(theta);
    b = r * std::sin(theta);
  }

  SplitMix64 rng_;
  float spare_ = 0.0f;
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
