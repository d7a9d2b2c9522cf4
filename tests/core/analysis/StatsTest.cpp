#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/analysis/Stats.h"

namespace w2s {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(Pgr, IsTheFractionOfTheGapRecovered) {
  ASSERT_TRUE(pgr(0.6, 0.7, 0.8));
  EXPECT_NEAR(*pgr(0.6, 0.7, 0.8), 0.5, 1e-12);
  EXPECT_NEAR(*pgr(0.6, 0.8, 0.8), 1.0, 1e-12);
  EXPECT_NEAR(*pgr(0.6, 0.6, 0.8), 0.0, 1e-12);
  EXPECT_NEAR(*pgr(0.6, 0.9, 0.8), 1.5, 1e-12);
}

TEST(Pgr, NegativeWhenTheStudentFallsBelowItsSupervisor) {
  ASSERT_TRUE(pgr(0.6, 0.5, 0.8));
  EXPECT_NEAR(*pgr(0.6, 0.5, 0.8), -0.5, 1e-12);
}

TEST(Pgr, UndefinedUnlessTheCeilingBeatsTheWeakModel) {
  EXPECT_FALSE(pgr(0.7, 0.75, 0.7));   // ceiling == weak
  EXPECT_FALSE(pgr(0.7, 0.75, 0.65));  // ceiling < weak
  EXPECT_FALSE(pgr(kNaN, 0.75, 0.8));
  EXPECT_FALSE(pgr(0.6, 0.75, kNaN));
}

TEST(Pgr, FormatsUndefinedAsAWordNeverANumber) {
  EXPECT_EQ(formatPgr(pgr(0.7, 0.75, 0.7)), "undefined");
  EXPECT_EQ(formatPgr(std::nullopt), "undefined");
  EXPECT_EQ(formatPgr(0.5312), "0.53");
  EXPECT_EQ(formatPgr(-0.5, 3), "-0.500");
  EXPECT_EQ(formatPgr(kNaN), "undefined");
}

TEST(Accuracy, CountsEqualEntries) {
  EXPECT_DOUBLE_EQ(accuracy({1, 2, 3, 4}, {1, 0, 3, 0}), 0.5);
  EXPECT_TRUE(std::isnan(accuracy({}, {})));
  EXPECT_THROW(accuracy({1, 2}, {1}), std::invalid_argument);
}

TEST(Agreement, SplitsBySupervisorCorrectness) {
  // i:          0  1  2  3  4  5
  // student     0  1  1  2  0  1
  // supervisor  0  1  2  2  1  1
  // truth       0  0  2  2  1  2
  // agree:      y  y  n  y  n  y          -> 4/6
  // supervisor right at {0, 2, 3, 4}: agree at {0, 3} -> 2/4
  // supervisor wrong at {1, 5}: agree at both       -> 2/2
  const Agreement a = agreement({0, 1, 1, 2, 0, 1}, {0, 1, 2, 2, 1, 1}, {0, 0, 2, 2, 1, 2});
  EXPECT_DOUBLE_EQ(a.all, 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(a.supervisorRight, 0.5);
  EXPECT_DOUBLE_EQ(a.supervisorWrong, 1.0);
}

TEST(Agreement, EmptySplitIsNaN) {
  // The supervisor is never wrong: nothing to measure on that split.
  const Agreement a = agreement({0, 1, 0}, {0, 1, 1}, {0, 1, 1});
  EXPECT_DOUBLE_EQ(a.all, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(a.supervisorRight, 2.0 / 3.0);
  EXPECT_TRUE(std::isnan(a.supervisorWrong));
  const Agreement none = agreement({}, {}, {});
  EXPECT_TRUE(std::isnan(none.all));
  EXPECT_TRUE(std::isnan(none.supervisorRight));
}

TEST(Agreement, RejectsMismatchedSizes) {
  EXPECT_THROW(agreement({0, 1}, {0}, {0, 1}), std::invalid_argument);
  EXPECT_THROW(agreement({0, 1}, {0, 1}, {0}), std::invalid_argument);
}

TEST(StudentT, MatchesPublishedQuantiles) {
  // Two-sided critical values from standard t tables.
  EXPECT_NEAR(studentTQuantile(0.95, 1), 12.7062, 1e-3);
  EXPECT_NEAR(studentTQuantile(0.95, 2), 4.3027, 1e-3);
  EXPECT_NEAR(studentTQuantile(0.95, 4), 2.7764, 1e-3);
  EXPECT_NEAR(studentTQuantile(0.95, 10), 2.2281, 1e-3);
  EXPECT_NEAR(studentTQuantile(0.95, 30), 2.0423, 1e-3);
  EXPECT_NEAR(studentTQuantile(0.95, 1000), 1.9623, 1e-3);
  EXPECT_NEAR(studentTQuantile(0.99, 1), 63.6567, 1e-3);
  EXPECT_NEAR(studentTQuantile(0.99, 5), 4.0321, 1e-3);
  EXPECT_NEAR(studentTQuantile(0.90, 3), 2.3534, 1e-3);
  EXPECT_NEAR(studentTQuantile(0.999, 1), 636.6192, 1e-2);
  // Infinite degrees of freedom: the normal quantile.
  EXPECT_NEAR(studentTQuantile(0.95, INT_MAX), 1.959964, 1e-4);
  EXPECT_NEAR(studentTQuantile(0.6827, 1000000), 1.0, 1e-3);
}

TEST(StudentT, RejectsInvalidArguments) {
  EXPECT_THROW(studentTQuantile(0.95, 0), std::invalid_argument);
  EXPECT_THROW(studentTQuantile(1.0, 3), std::invalid_argument);
  EXPECT_THROW(studentTQuantile(0.0, 3), std::invalid_argument);
}

TEST(MeanCi, TwoValues) {
  // mean 2, sample sd sqrt(2), standard error 1, t(0.975, 1) = 12.7062.
  const MeanCi ci = meanCi({1.0, 3.0});
  EXPECT_EQ(ci.n, 2);
  EXPECT_DOUBLE_EQ(ci.mean, 2.0);
  EXPECT_NEAR(ci.lo, 2.0 - 12.7062, 1e-3);
  EXPECT_NEAR(ci.hi, 2.0 + 12.7062, 1e-3);
}

TEST(MeanCi, FiveValues) {
  // mean 3, sample sd sqrt(10 / 4), standard error sqrt(0.5), t(0.975, 4) = 2.7764.
  const MeanCi ci = meanCi({5.0, 1.0, 4.0, 2.0, 3.0});
  const double half = 2.7764 * std::sqrt(0.5);
  EXPECT_EQ(ci.n, 5);
  EXPECT_DOUBLE_EQ(ci.mean, 3.0);
  EXPECT_NEAR(ci.lo, 3.0 - half, 1e-3);
  EXPECT_NEAR(ci.hi, 3.0 + half, 1e-3);
  // A wider level gives a wider interval.
  EXPECT_GT(meanCi({5.0, 1.0, 4.0, 2.0, 3.0}, 0.99).hi, ci.hi);
}

TEST(MeanCi, DegenerateCounts) {
  const MeanCi one = meanCi({0.4});
  EXPECT_EQ(one.n, 1);
  EXPECT_DOUBLE_EQ(one.mean, 0.4);
  // One value says nothing about the spread: no interval, not a zero-width one.
  EXPECT_TRUE(std::isnan(one.lo));
  EXPECT_TRUE(std::isnan(one.hi));
  const MeanCi none = meanCi({});
  EXPECT_EQ(none.n, 0);
  EXPECT_TRUE(std::isnan(none.mean));
  EXPECT_TRUE(std::isnan(none.lo));
  EXPECT_TRUE(std::isnan(none.hi));
}

TEST(MeanCi, SkipsNaNValues) {
  const MeanCi ci = meanCi({1.0, kNaN, 3.0});
  EXPECT_EQ(ci.n, 2);
  EXPECT_DOUBLE_EQ(ci.mean, 2.0);
  EXPECT_NEAR(ci.hi, 2.0 + 12.7062, 1e-3);
  EXPECT_EQ(meanCi({kNaN}).n, 0);
}

TEST(PgrAcrossSeeds, RatioOfMeanGainsKeepsEverySeed) {
  // Seed 2's ceiling is below its supervisor: its per-seed PGR is undefined, but its gain and
  // gap still count in the ratio (dropping it would bias the mean upwards).
  const PgrAcrossSeeds p =
      pgrAcrossSeeds({0.60, 0.62, 0.70}, {0.70, 0.70, 0.69}, {0.80, 0.78, 0.68});
  EXPECT_EQ(p.n, 3);
  EXPECT_EQ(p.undefinedSeeds, 1);
  const double gain = (0.10 + 0.08 - 0.01) / 3, gap = (0.20 + 0.16 - 0.02) / 3;
  EXPECT_NEAR(p.ratio, gain / gap, 1e-12);
  EXPECT_NEAR(p.gap, gap, 1e-12);
  EXPECT_NEAR(p.seedMean, (0.5 + 0.5) / 2, 1e-12);
  EXPECT_NEAR(p.median, 0.5, 1e-12);
  EXPECT_LT(p.lo, p.ratio);
  EXPECT_GT(p.hi, p.ratio);
  // Gaps 0.20, 0.16, -0.02: se = sd / sqrt(3) = 0.0677, more than half the mean gap 0.113.
  EXPECT_NEAR(p.gapSe, 0.11719 / std::sqrt(3.0), 1e-4);
  EXPECT_TRUE(p.unstable);
}

TEST(PgrAcrossSeeds, DeltaMethodIntervalIsTheTIntervalWhenGapsAreEqual) {
  // Equal gaps: the ratio is the mean of the per-seed PGRs and its interval their t-interval.
  const PgrAcrossSeeds p = pgrAcrossSeeds({0.5, 0.5, 0.5}, {0.58, 0.66, 0.86}, {0.9, 0.9, 0.9});
  const MeanCi t = meanCi({0.2, 0.4, 0.9});
  EXPECT_NEAR(p.ratio, t.mean, 1e-12);
  EXPECT_NEAR(p.lo, t.lo, 1e-9);
  EXPECT_NEAR(p.hi, t.hi, 1e-9);
  EXPECT_FALSE(p.unstable);
  EXPECT_EQ(formatPgrCell(p), "0.50 ± 0.90");  // t(0.975, 2) * 0.3606 / sqrt(3)
  EXPECT_EQ(formatPgrCell(p, 2, false), "0.50");
}

TEST(PgrAcrossSeeds, SmallOrNoisyGapsAreUnstableNotLargeNumbers) {
  // A same-size pair: the ceiling beats its supervisor by 0.002 on average.
  const PgrAcrossSeeds tiny = pgrAcrossSeeds({0.80, 0.81}, {0.79, 0.80}, {0.801, 0.813});
  EXPECT_LT(tiny.gap, kPgrGapFloor);
  EXPECT_TRUE(tiny.unstable);
  EXPECT_EQ(formatPgrCell(tiny), "unstable");
  // One seed: only the floor applies, and there is no interval.
  const PgrAcrossSeeds one = pgrAcrossSeeds({0.6}, {0.7}, {0.8});
  EXPECT_FALSE(one.unstable);
  EXPECT_NEAR(one.ratio, 0.5, 1e-12);
  EXPECT_TRUE(std::isnan(one.lo) && std::isnan(one.hi) && std::isnan(one.gapSe));
  EXPECT_EQ(formatPgrCell(one), "0.50");
  // A negative mean gap has no ratio at all.
  const PgrAcrossSeeds below = pgrAcrossSeeds({0.8, 0.8}, {0.7, 0.7}, {0.75, 0.7});
  EXPECT_TRUE(std::isnan(below.ratio));
  EXPECT_TRUE(below.unstable);
  // Seeds with a missing accuracy are left out; none left: n = 0, nothing flagged.
  const PgrAcrossSeeds none = pgrAcrossSeeds({kNaN}, {0.7}, {0.8});
  EXPECT_EQ(none.n, 0);
  EXPECT_FALSE(none.unstable);
  EXPECT_EQ(formatPgrCell(none), "-");
  EXPECT_THROW(pgrAcrossSeeds({0.1}, {0.2, 0.3}, {0.4}), std::invalid_argument);
}

TEST(Median, OfFiniteValues) {
  EXPECT_DOUBLE_EQ(median({3.0, 1.0, 2.0}), 2.0);
  EXPECT_DOUBLE_EQ(median({4.0, 1.0, kNaN, 2.0, 3.0}), 2.5);
  EXPECT_TRUE(std::isnan(median({kNaN})));
}

}  // namespace
}  // namespace w2s
