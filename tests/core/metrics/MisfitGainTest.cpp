#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "core/metrics/MisfitGain.h"

namespace w2s {
namespace {

TEST(MisfitGain, MatchesHandComputedLossesAndRates) {
  // Truth 0 and 1. The supervisor says class 0 twice (right once); the student is right twice.
  const std::vector<float> supervisor = {0.6f, 0.4f, 0.7f, 0.3f};
  const std::vector<float> student = {0.9f, 0.1f, 0.2f, 0.8f};
  const MisfitGain m = misfitGain(student, supervisor, 2, {0, 1});
  // Squared distances to the one-hot truth: supervisor 0.32 + 0.98, student 0.02 + 0.08.
  EXPECT_NEAR(m.gainSq, (1.30 - 0.10) / 2, 1e-6);
  // Student to supervisor: 0.18 + 0.50.
  EXPECT_NEAR(m.misfitSq, 0.68 / 2, 1e-6);
  // Cross-entropy against the truth: -ln 0.6 - ln 0.3 for the supervisor, -ln 0.9 - ln 0.8.
  EXPECT_NEAR(m.gainKl, std::log((0.9 * 0.8) / (0.6 * 0.3)) / 2, 1e-6);
  const double kl0 = 0.9 * std::log(0.9 / 0.6) + 0.1 * std::log(0.1 / 0.4);
  const double kl1 = 0.2 * std::log(0.2 / 0.7) + 0.8 * std::log(0.8 / 0.3);
  EXPECT_NEAR(m.misfitKl, (kl0 + kl1) / 2, 1e-6);
  EXPECT_DOUBLE_EQ(m.accGain, 0.5);
  EXPECT_DOUBLE_EQ(m.disagreement, 0.5);
}

TEST(MisfitGain, AStudentThatCopiesItsSupervisorHasNeither) {
  const std::vector<float> p = {0.2f, 0.5f, 0.3f, 0.0f, 0.0f, 1.0f};
  const MisfitGain m = misfitGain(p, p, 3, {1, 0});
  EXPECT_DOUBLE_EQ(m.gainSq, 0.0);
  EXPECT_DOUBLE_EQ(m.misfitSq, 0.0);
  EXPECT_DOUBLE_EQ(m.gainKl, 0.0);
  EXPECT_NEAR(m.misfitKl, 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(m.disagreement, 0.0);
  // A zero probability of the true class is clamped, not infinite.
  EXPECT_TRUE(std::isfinite(misfitGain(p, {0.3f, 0.4f, 0.3f, 0.5f, 0.2f, 0.3f}, 3, {1, 0}).gainKl));
}

TEST(MisfitGain, RejectsMismatchedSizesAndLabels) {
  const std::vector<float> p = {0.5f, 0.5f};
  EXPECT_THROW(misfitGain(p, {0.5f, 0.5f, 0.5f, 0.5f}, 2, {0}), std::invalid_argument);
  EXPECT_THROW(misfitGain(p, p, 2, {2}), std::invalid_argument);
  EXPECT_THROW(misfitGain(p, p, 1, {0}), std::invalid_argument);
  EXPECT_THROW(misfitGain({}, {}, 2, {}), std::invalid_argument);
}

TEST(Correlation, PearsonSlopeAndSpearmanOnKnownData) {
  EXPECT_NEAR(pearson({1, 2, 3}, {2, 4, 6}), 1.0, 1e-12);
  EXPECT_NEAR(pearson({1, 2, 3}, {3, 2, 1}), -1.0, 1e-12);
  EXPECT_TRUE(std::isnan(pearson({1, 2, 3}, {5, 5, 5})));
  EXPECT_TRUE(std::isnan(pearson({1, 2}, {1, 2})));
  EXPECT_NEAR(olsSlope({0, 1, 2}, {1, 3, 5}), 2.0, 1e-12);
  EXPECT_TRUE(std::isnan(olsSlope({1, 1}, {1, 2})));
  // Monotone but far from linear: Spearman 1, Pearson below.
  EXPECT_NEAR(spearman({1, 2, 3, 4}, {1, 4, 9, 100}), 1.0, 1e-12);
  EXPECT_LT(pearson({1, 2, 3, 4}, {1, 4, 9, 100}), 0.9);
  // Tied x values share rank 2.5: 4.5 / sqrt(4.5 * 5).
  EXPECT_NEAR(spearman({1, 2, 2, 3}, {1, 2, 3, 4}), 4.5 / std::sqrt(22.5), 1e-12);
  EXPECT_THROW(spearman({1, 2, 3}, {1, 2}), std::invalid_argument);
}

}  // namespace
}  // namespace w2s
