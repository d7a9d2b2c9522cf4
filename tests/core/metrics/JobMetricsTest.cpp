#include "core/metrics/JobMetrics.h"

#include <gtest/gtest.h>

namespace w2s {
namespace {

TEST(JobMetricsTest, AurocAndEceOfAHandComputedCase) {
  // p(class 1) = 0.9, 0.6, 0.4, 0.2 for truths 1, 0, 1, 0: of the 4 (positive, negative) pairs,
  // (0.9 > 0.6), (0.9 > 0.2), (0.4 < 0.6), (0.4 > 0.2) -> AUROC 3/4.
  const std::vector<float> probs = {0.1f, 0.9f, 0.4f, 0.6f, 0.6f, 0.4f, 0.8f, 0.2f};
  const std::vector<int> truth = {1, 0, 1, 0};
  const auto j = testSetMetrics(probs, 2, truth);
  EXPECT_NEAR(j.at("auroc").get<double>(), 0.75, 1e-12);
  // Top-label confidences 0.9 (right), 0.6 (wrong), 0.6 (wrong), 0.8 (right); bins [0.9,1.0):
  // |1 - 0.9|, [0.6,0.7): |0 - 0.6|, [0.8,0.9): |1 - 0.8| -> (0.1 + 2*0.6 + 0.2) / 4 = 0.375.
  EXPECT_NEAR(j.at("ece").get<double>(), 0.375, 1e-6);
}

TEST(JobMetricsTest, UndefinedAurocIsLeftOut) {
  const std::vector<float> probs = {0.3f, 0.7f, 0.2f, 0.8f};
  const auto j = testSetMetrics(probs, 2, {1, 1});
  EXPECT_FALSE(j.contains("auroc"));
  EXPECT_TRUE(j.contains("ece"));
  EXPECT_THROW(testSetMetrics(probs, 2, {1}), std::invalid_argument);
}

}  // namespace
}  // namespace w2s
