#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "core/metrics/PairedTest.h"

namespace w2s {
namespace {

// Exact two-sided p of W+ by enumerating all 2^n sign assignments of the given ranks: a
// brute-force reference independent of the implementation's dynamic programme.
double bruteForceP(const std::vector<double>& ranks, double wPlus) {
  const size_t n = ranks.size();
  double below = 0, above = 0;
  for (unsigned mask = 0; mask < (1u << n); ++mask) {
    double s = 0;
    for (size_t i = 0; i < n; ++i) {
      if (mask >> i & 1u) s += ranks[i];
    }
    if (s <= wPlus + 1e-9) below += 1;
    if (s >= wPlus - 1e-9) above += 1;
  }
  return std::min(1.0, 2.0 * std::min(below, above) / (1u << n));
}

TEST(SignTest, ExactBinomialValues) {
  // 2 * (C(15,0) + C(15,1) + C(15,2)) / 2^15 = 242 / 32768.
  EXPECT_NEAR(signTestP(13, 2), 242.0 / 32768.0, 1e-15);
  EXPECT_NEAR(signTestP(2, 13), 242.0 / 32768.0, 1e-15);
  // 2 * (1 + 10 + 45 + 120) / 1024.
  EXPECT_NEAR(signTestP(7, 3), 352.0 / 1024.0, 1e-15);
  EXPECT_DOUBLE_EQ(signTestP(5, 5), 1.0);
  EXPECT_TRUE(std::isnan(signTestP(0, 0)));
  EXPECT_THROW(signTestP(-1, 2), std::invalid_argument);
}

TEST(SignTest, LargeCountsAgreeWithTheNormalApproximation) {
  // n = 2000, 900 losses: 2 Phi((900.5 - 1000) / sqrt(500)), within a few percent.
  const double z = (900.5 - 1000.0) / std::sqrt(500.0);
  const double normal = std::erfc(-z / std::sqrt(2.0));
  EXPECT_NEAR(signTestP(1100, 900) / normal, 1.0, 0.05);
  EXPECT_DOUBLE_EQ(signTestP(1000, 1000), 1.0);
}

TEST(Wilcoxon, ExactValueOfDarwinsZeaMaysData) {
  // Differences of Darwin's cross- and self-fertilized Zea mays heights (Fisher 1935), n = 15:
  // W+ = 96, W- = 24, exact two-sided p = 1352 / 32768 = 0.041259765625.
  const std::vector<double> d = {6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75};
  const SignedRankTest t = wilcoxonSignedRank(d);
  EXPECT_TRUE(t.exact);
  EXPECT_EQ(t.n, 15);
  EXPECT_DOUBLE_EQ(t.wPlus, 96.0);
  EXPECT_DOUBLE_EQ(t.wMinus, 24.0);
  EXPECT_NEAR(t.pValue, 0.041259765625, 1e-12);
}

TEST(Wilcoxon, ExactWithTiesAndZerosMatchesEnumeration) {
  // Zero dropped; |d| ranks: 1,1 -> 1.5; 2,2,2 -> 4; 3,3,3 -> 7; 4 -> 9; 5 -> 10; 6 -> 11.
  const std::vector<double> d = {1, -1, 2, 2, -2, 3, 3, 3, 4, -5, 0, 6};
  const SignedRankTest t = wilcoxonSignedRank(d);
  EXPECT_EQ(t.n, 11);
  EXPECT_DOUBLE_EQ(t.wPlus, 1.5 + 4 + 4 + 7 * 3 + 9 + 11);
  const std::vector<double> ranks = {1.5, 1.5, 4, 4, 4, 7, 7, 7, 9, 10, 11};
  EXPECT_NEAR(t.pValue, bruteForceP(ranks, t.wPlus), 1e-12);
  EXPECT_NEAR(t.pValue, 0.1279296875, 1e-12);
}

TEST(Wilcoxon, SymmetricDifferencesGiveOne) {
  EXPECT_DOUBLE_EQ(wilcoxonSignedRank({1, -1, 2, -2}).pValue, 1.0);
  EXPECT_TRUE(std::isnan(wilcoxonSignedRank({0, 0}).pValue));
}

TEST(Wilcoxon, NormalApproximationAbove25WithTieAndContinuityCorrection) {
  // 30 differences with many tied |d|. Reference from the textbook formulas:
  // z = (|W+ - n(n+1)/4| - 1/2) / sqrt(n(n+1)(2n+1)/24 - sum(t^3 - t)/48), p = erfc(z / sqrt 2).
  std::vector<double> d;
  for (int i = 0; i < 30; ++i) d.push_back((i % 7) - 2.5 + (i % 3 == 0 ? 0.3 : 0.0));
  const SignedRankTest t = wilcoxonSignedRank(d);
  EXPECT_FALSE(t.exact);
  EXPECT_DOUBLE_EQ(t.wPlus, 286.5);
  EXPECT_NEAR(t.pValue, 0.26969399729460397, 1e-10);

  std::vector<double> lopsided(20, 1.0);
  lopsided.insert(lopsided.end(), 6, -1.0);
  lopsided.insert(lopsided.end(), 4, 2.0);
  EXPECT_NEAR(wilcoxonSignedRank(lopsided).pValue, 0.0007272259707693832, 1e-12);
}

TEST(PairedComparison, CountsWinsLossesTiesAndSkipsUndefinedPairs) {
  const double nan = std::nan("");
  const std::vector<double> a = {0.5, 0.7, 0.2, nan, 0.4, 0.9};
  const std::vector<double> b = {0.3, 0.7, 0.6, 0.1, 0.1, 0.5};
  const PairedComparison c = pairedComparison(a, b);
  EXPECT_EQ(c.n, 5);
  EXPECT_EQ(c.skipped, 1);
  EXPECT_EQ(c.wins, 3);
  EXPECT_EQ(c.losses, 1);
  EXPECT_EQ(c.ties, 1);
  // Differences 0.2, 0, -0.4, 0.3, 0.4: median 0.2.
  EXPECT_NEAR(c.medianDifference, 0.2, 1e-12);
  EXPECT_NEAR(c.meanDifference, 0.1, 1e-12);
  EXPECT_DOUBLE_EQ(c.signP, signTestP(3, 1));
  EXPECT_EQ(c.wilcoxon.n, 4);
  EXPECT_THROW(pairedComparison({1.0}, {1.0, 2.0}), std::invalid_argument);
}

// 0.7 - 0.6 and 0.8 - 0.7 differ in the last bits of a double; they are one tie, and a
// difference of 0.3 - 0.1 - 0.2 is zero.
TEST(PairedComparison, RoundingErrorIsNotADifference) {
  EXPECT_NE(0.7 - 0.6, 0.8 - 0.7);
  EXPECT_TRUE(nearlyEqual(0.7 - 0.6, 0.8 - 0.7));
  EXPECT_FALSE(nearlyEqual(0.1, 0.1 + 1e-6));
  const PairedComparison c = pairedComparison({0.7, 0.8, 0.3 - 0.1, 0.5}, {0.6, 0.7, 0.2, 0.45});
  EXPECT_EQ(c.ties, 1);
  EXPECT_EQ(c.wins, 3);
  // The zero is dropped and the two equal differences 0.1 share ranks 2 and 3: W+ = 1 + 2.5 + 2.5.
  EXPECT_EQ(c.wilcoxon.n, 3);
  EXPECT_DOUBLE_EQ(c.wilcoxon.wPlus, 6.0);
  const SignedRankTest t = wilcoxonSignedRank({0.7 - 0.6, -(0.8 - 0.7), 0.05});
  EXPECT_DOUBLE_EQ(t.wPlus, 1.0 + 2.5);
  EXPECT_DOUBLE_EQ(t.wMinus, 2.5);
}

TEST(AverageRanks, TiesNearlyEqualValuesAtTheirAverageRank) {
  EXPECT_EQ(averageRanks({3.0, 1.0, 2.0}), (std::vector<double>{3.0, 1.0, 2.0}));
  EXPECT_EQ(averageRanks({1.0, 2.0, 2.0, 3.0}), (std::vector<double>{1.0, 2.5, 2.5, 4.0}));
  // 0.7 - 0.6 and 0.8 - 0.7 differ in binary floating point, yet tie.
  EXPECT_EQ(averageRanks({0.7 - 0.6, 0.8 - 0.7, 0.0}), (std::vector<double>{2.5, 2.5, 1.0}));
  EXPECT_TRUE(averageRanks({}).empty());
}

}  // namespace
}  // namespace w2s
