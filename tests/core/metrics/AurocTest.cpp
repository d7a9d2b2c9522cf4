#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "core/metrics/Auroc.h"

namespace w2s {
namespace {

// Counts pairs directly: the definition the rank formula must agree with.
double pairwiseAuroc(const std::vector<double>& s, const std::vector<int>& y) {
  double wins = 0.0, pairs = 0.0;
  for (size_t i = 0; i < s.size(); ++i) {
    for (size_t j = 0; j < s.size(); ++j) {
      if (y[i] != 1 || y[j] != 0) continue;
      pairs += 1.0;
      wins += s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0;
    }
  }
  return wins / pairs;
}

TEST(Auroc, HandComputedCaseWithTiedScores) {
  // Positives 0.35, 0.8, 0.4 against negatives 0.1, 0.4: wins 1+0 + 1+1 + 1+0.5 = 4.5 of 6.
  EXPECT_DOUBLE_EQ(binaryAuroc({0.1, 0.4, 0.35, 0.8, 0.4}, {0, 0, 1, 1, 1}), 0.75);
}

TEST(Auroc, PerfectReversedAndConstantScores) {
  EXPECT_DOUBLE_EQ(binaryAuroc({0.1, 0.2, 0.8, 0.9}, {0, 0, 1, 1}), 1.0);
  EXPECT_DOUBLE_EQ(binaryAuroc({0.9, 0.8, 0.2, 0.1}, {0, 0, 1, 1}), 0.0);
  EXPECT_DOUBLE_EQ(binaryAuroc({0.5, 0.5, 0.5, 0.5}, {0, 1, 0, 1}), 0.5);
}

TEST(Auroc, NaNWhenAClassIsAbsent) {
  EXPECT_TRUE(std::isnan(binaryAuroc({0.1, 0.7}, {1, 1})));
  EXPECT_TRUE(std::isnan(binaryAuroc({0.1, 0.7}, {0, 0})));
  EXPECT_TRUE(std::isnan(binaryAuroc({}, {})));
}

TEST(Auroc, AgreesWithPairCountingOnRandomScoresWithTies) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> level(0, 9), label(0, 1);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> s(40);
    std::vector<int> y(40);
    for (size_t i = 0; i < s.size(); ++i) {
      s[i] = level(rng) / 10.0;  // few levels: many ties
      y[i] = label(rng);
    }
    y[0] = 0;
    y[1] = 1;
    EXPECT_NEAR(binaryAuroc(s, y), pairwiseAuroc(s, y), 1e-12) << "trial " << trial;
  }
}

TEST(Auroc, RejectsBadInput) {
  EXPECT_THROW(binaryAuroc({0.1, 0.2}, {0}), std::invalid_argument);
  EXPECT_THROW(binaryAuroc({0.1, 0.2}, {0, 2}), std::invalid_argument);
  EXPECT_THROW(binaryAuroc({0.1, std::nan("")}, {0, 1}), std::invalid_argument);
  EXPECT_THROW(auroc({0.5f, 0.5f, 0.5f}, 2, {0, 1}), std::invalid_argument);
  EXPECT_THROW(auroc({0.5f, 0.5f}, 2, {2}), std::invalid_argument);
  EXPECT_THROW(auroc({1.0f}, 1, {0}), std::invalid_argument);
}

TEST(Auroc, TwoColumnsUseTheProbabilityOfClassOne) {
  const std::vector<float> probs = {0.9f, 0.1f, 0.6f, 0.4f, 0.65f, 0.35f, 0.2f, 0.8f, 0.6f, 0.4f};
  EXPECT_DOUBLE_EQ(auroc(probs, 2, {0, 0, 1, 1, 1}),
                   binaryAuroc({0.1, 0.4, 0.35, 0.8, 0.4}, {0, 0, 1, 1, 1}));
}

TEST(Auroc, MulticlassIsTheOneVsRestMacroAverage) {
  // Class 0: 1.0; class 1: positive 0.2 vs 0.2, 0.3, 0.1 -> 1.5/3; class 2: positives 0.5, 0.4 vs
  // 0.1, 0.5 -> 2.5/4. Macro average (1 + 0.5 + 0.625) / 3.
  const std::vector<float> probs = {0.7f, 0.2f, 0.1f, 0.3f, 0.2f, 0.5f,
                                    0.2f, 0.3f, 0.5f, 0.5f, 0.1f, 0.4f};
  EXPECT_NEAR(auroc(probs, 3, {0, 1, 2, 2}), (1.0 + 0.5 + 0.625) / 3.0, 1e-7);
}

TEST(Auroc, MulticlassSkipsClassesAbsentFromTruth) {
  // Class 2 never occurs: only classes 0 and 1 count.
  const std::vector<float> probs = {0.7f, 0.2f, 0.1f, 0.3f, 0.6f, 0.1f, 0.5f, 0.1f, 0.4f};
  const double c0 = binaryAuroc({0.7, 0.3, 0.5}, {1, 0, 1});
  const double c1 = binaryAuroc({0.2, 0.6, 0.1}, {0, 1, 0});
  EXPECT_NEAR(auroc(probs, 3, {0, 1, 0}), (c0 + c1) / 2.0, 1e-7);
}

// Confident students: float32 p(class 1) is exactly 1 for margins above about 17, so margins 20,
// 25 and 30 tie; ranking by the log-probabilities (their margin) keeps them apart.
TEST(Auroc, LogProbsKeepConfidentExamplesApartWhereFloatProbabilitiesTie) {
  const std::vector<double> margins = {20.0, 25.0, 30.0, -1.0};
  const std::vector<int> truth = {0, 1, 1, 0};
  std::vector<float> probs;
  std::vector<double> logProbs;
  for (double m : margins) {
    const double lp1 = -std::log1p(std::exp(-m));
    const double lp0 = lp1 - m;
    probs.push_back(static_cast<float>(std::exp(lp0)));
    probs.push_back(static_cast<float>(std::exp(lp1)));
    logProbs.push_back(lp0);
    logProbs.push_back(lp1);
  }
  EXPECT_EQ(probs[1], 1.0f);
  EXPECT_EQ(probs[3], 1.0f);
  // Positives 25 and 30 against negatives 20 (tied in float32) and -1: (0.5 + 0.5 + 1 + 1) / 4.
  EXPECT_DOUBLE_EQ(auroc(probs, 2, truth), 0.75);
  EXPECT_DOUBLE_EQ(aurocFromLogProbs(logProbs, 2, truth), 1.0);
  // Three classes rank by log p_c, the same order as p_c where p_c is not saturated.
  const std::vector<double> lp3 = {std::log(0.7), std::log(0.2), std::log(0.1),
                                   std::log(0.1), std::log(0.8), std::log(0.1),
                                   std::log(0.2), std::log(0.2), std::log(0.6)};
  std::vector<float> p3;
  for (double v : lp3) p3.push_back(static_cast<float>(std::exp(v)));
  EXPECT_NEAR(aurocFromLogProbs(lp3, 3, {0, 1, 2}), auroc(p3, 3, {0, 1, 2}), 1e-12);
  EXPECT_THROW(aurocFromLogProbs({0.0, 0.0}, 2, {0, 1}), std::invalid_argument);
}

}  // namespace
}  // namespace w2s
