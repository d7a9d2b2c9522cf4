#include <gtest/gtest.h>

#include <cmath>
#include <utility>

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

TEST(AxisScaleTest, LogRangeLabelsAtLeastTwoDecades) {
  // 1.3e4 .. 4.5e5 holds one power of ten (1e5): widened to the decades around it.
  for (auto [a, b] : {std::make_pair(20000.0, 80000.0), std::make_pair(13000.0, 450000.0)}) {
    const auto [lo, hi] = AxisScale::padded(a, b, /*log=*/true);
    EXPECT_LE(lo, a);
    EXPECT_GE(hi, b);
    EXPECT_GE(std::floor(std::log10(hi)) - std::ceil(std::log10(lo)), 1) << a << ".." << b;
  }
  // A range already spanning decades keeps its padding, not whole decades.
  const auto [lo, hi] = AxisScale::padded(3000, 450000, true);
  EXPECT_GT(lo, 1000);
  EXPECT_LT(hi, 1e6);
}

TEST(AxisScaleTest, DegenerateLinearRangeIsWidened) {
  const auto [lo, hi] = AxisScale::padded(0.5, 0.5, false);
  EXPECT_LT(lo, 0.5);
  EXPECT_GT(hi, 0.5);
}

}  // namespace
}  // namespace w2s
