#include <gtest/gtest.h>

#include <cmath>

#include "ui/charts/AxisScale.h"

namespace w2s {
namespace {

TEST(AxisScaleTest, NiceStepsAreOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_DOUBLE_EQ(AxisScale::niceStep(1.0, 5), 0.2);
  EXPECT_DOUBLE_EQ(AxisScale::niceStep(0.37, 5), 0.05);
  EXPECT_DOUBLE_EQ(AxisScale::niceStep(12000, 6), 2000);
  EXPECT_EQ(AxisScale::decimalsFor(0.05), 2);
  EXPECT_EQ(AxisScale::decimalsFor(2000), 0);
}

TEST(AxisScaleTest, LogRangeAlwaysHoldsAPowerOfTen) {
  const auto [lo, hi] = AxisScale::padded(20000, 80000, /*log=*/true);
  EXPECT_LE(lo, 20000);
  EXPECT_GE(hi, 80000);
  EXPECT_GE(std::floor(std::log10(hi)), std::ceil(std::log10(lo)));
}

TEST(AxisScaleTest, DegenerateLinearRangeIsWidened) {
  const auto [lo, hi] = AxisScale::padded(0.5, 0.5, false);
  EXPECT_LT(lo, 0.5);
  EXPECT_GT(hi, 0.5);
}

}  // namespace
}  // namespace w2s
