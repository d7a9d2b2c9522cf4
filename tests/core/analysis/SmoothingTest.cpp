#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/analysis/Smoothing.h"

namespace w2s {
namespace {

TEST(SmoothingTest, ZeroWeightReturnsInput) {
  const std::vector<double> v{0.1, 0.9, 0.3, 0.7};
  EXPECT_EQ(emaDebiased(v, 0.0), v);
}

TEST(SmoothingTest, ConstantSeriesStaysConstantFromTheFirstPoint) {
  // A biased EMA started at 0 would begin at (1-w)*c; the de-biased one is c everywhere.
  const std::vector<double> v(50, 0.8);
  const auto s = emaDebiased(v, 0.9);
  for (double x : s) EXPECT_NEAR(x, 0.8, 1e-12);
}

TEST(SmoothingTest, MatchesHandComputedDebiasedValues) {
  const double w = 0.5;
  const auto s = emaDebiased({1.0, 0.0, 1.0}, w);
  // t=1: last=0.5, /0.5 -> 1.  t=2: last=0.25, /0.75 -> 1/3.  t=3: last=0.625, /0.875 -> 5/7.
  ASSERT_EQ(s.size(), 3u);
  EXPECT_NEAR(s[0], 1.0, 1e-12);
  EXPECT_NEAR(s[1], 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(s[2], 5.0 / 7.0, 1e-12);
}

TEST(SmoothingTest, SmoothsNoiseAndStaysWithinRange) {
  std::vector<double> v;
  for (int i = 0; i < 200; ++i) v.push_back(i % 2 == 0 ? 0.2 : 0.8);
  const auto s = emaDebiased(v, 0.95);
  double maxDev = 0.0;
  for (size_t i = 100; i < s.size(); ++i) maxDev = std::max(maxDev, std::abs(s[i] - 0.5));
  EXPECT_LT(maxDev, 0.05);
  for (double x : s) {
    EXPECT_GE(x, 0.2 - 1e-12);
    EXPECT_LE(x, 0.8 + 1e-12);
  }
}

TEST(SmoothingTest, NonFiniteValuesPassThroughAndDoNotPoisonTheAverage) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto s = emaDebiased({0.4, nan, 0.4}, 0.7);
  EXPECT_NEAR(s[0], 0.4, 1e-12);
  EXPECT_TRUE(std::isnan(s[1]));
  EXPECT_NEAR(s[2], 0.4, 1e-12);
}

TEST(SmoothingTest, RejectsWeightOutsideUnitInterval) {
  EXPECT_THROW(emaDebiased({1.0}, 1.0), std::invalid_argument);
  EXPECT_THROW(emaDebiased({1.0}, -0.1), std::invalid_argument);
}

}  // namespace
}  // namespace w2s
