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
  EXPECT_DOUBLE_EQ(one.lo, 0.4);
  EXPECT_DOUBLE_EQ(one.hi, 0.4);
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

}  // namespace
}  // namespace w2s
