#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "core/metrics/Calibration.h"

namespace w2s {
namespace {

// Five examples, five bins. Bin [0.8, 1]: confidences 0.9 (right), 0.85 (wrong) -> |0.5 - 0.875|.
// Bin [0.6, 0.8): 0.6 (right), 0.65 (right), 0.7 (top class 0, wrong) -> |2/3 - 0.65|.
// ECE = 2/5 * 0.375 + 3/5 * (1/60) = 0.15 + 0.01.
const std::vector<float> kProbs = {0.1f, 0.9f, 0.15f, 0.85f, 0.4f, 0.6f, 0.35f, 0.65f, 0.7f, 0.3f};
const std::vector<int> kTruth = {1, 0, 1, 1, 1};

TEST(Calibration, HandComputedEce) {
  EXPECT_NEAR(expectedCalibrationError(kProbs, 2, kTruth, 5), 0.16, 1e-6);
}

TEST(Calibration, ReliabilityTableBinsByTopLabelConfidence) {
  const auto table = reliabilityTable(kProbs, 2, kTruth, 5);
  ASSERT_EQ(table.size(), 5u);
  EXPECT_DOUBLE_EQ(table[3].lo, 0.6);
  EXPECT_DOUBLE_EQ(table[3].hi, 0.8);
  EXPECT_EQ(table[3].count, 3);
  EXPECT_NEAR(table[3].meanConfidence, 0.65, 1e-6);
  EXPECT_NEAR(table[3].accuracy, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(table[4].count, 2);
  EXPECT_NEAR(table[4].accuracy, 0.5, 1e-12);
  EXPECT_EQ(table[0].count + table[1].count + table[2].count, 0);
  EXPECT_TRUE(std::isnan(table[0].accuracy));
  EXPECT_NEAR(expectedCalibrationError(table), 0.16, 1e-6);
}

TEST(Calibration, ConfidenceOneFallsInTheLastBin) {
  const auto table = reliabilityTable({1.0f, 0.0f, 0.0f, 1.0f}, 2, {0, 0}, 10);
  EXPECT_EQ(table[9].count, 2);
  EXPECT_NEAR(table[9].accuracy, 0.5, 1e-12);
  EXPECT_NEAR(expectedCalibrationError({1.0f, 0.0f, 0.0f, 1.0f}, 2, {0, 0}, 10), 0.5, 1e-12);
}

TEST(Calibration, PerfectlyCalibratedBinsGiveZero) {
  // Four examples at confidence 0.75, three right: calibrated.
  const std::vector<float> p = {0.75f, 0.25f, 0.75f, 0.25f, 0.75f, 0.25f, 0.75f, 0.25f};
  EXPECT_NEAR(expectedCalibrationError(p, 2, {0, 0, 0, 1}, 10), 0.0, 1e-7);
}

TEST(Calibration, EmptyInputIsNaNAndBadInputThrows) {
  EXPECT_TRUE(std::isnan(expectedCalibrationError({}, 2, {}, 10)));
  EXPECT_THROW(reliabilityTable(kProbs, 2, kTruth, 0), std::invalid_argument);
  EXPECT_THROW(reliabilityTable(kProbs, 2, {1, 0}, 5), std::invalid_argument);
  EXPECT_THROW(reliabilityTable({0.5f, 0.5f}, 2, {3}, 5), std::invalid_argument);
  EXPECT_THROW(reliabilityTable({1.0f}, 1, {0}, 5), std::invalid_argument);
}

}  // namespace
}  // namespace w2s
