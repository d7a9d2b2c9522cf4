#pragma once
// Paired comparison of two methods over matched units, e.g. the PGR of loss A and loss B in
// each (weak size, strong size, seed) cell of a sweep.
#include <vector>

namespace w2s {

/// Values closer than this, relative to max(1, |x|, |y|), are equal in the tests below:
/// differences of accuracies carry rounding error (0.7 - 0.6 and 0.8 - 0.7 differ in binary
/// floating point, yet are the same tie).
constexpr double kTieTolerance = 1e-9;
bool nearlyEqual(double x, double y);

/// 1-based ranks of `values` in ascending order; nearlyEqual values are tied and each gets
/// their average rank (1, 2.5, 2.5, 4).
std::vector<double> averageRanks(const std::vector<double>& values);

/// Wilcoxon signed-rank test of paired differences (differences nearlyEqual to zero dropped,
/// nearly equal |d| tied and given their average rank).
struct SignedRankTest {
  int n = 0;            ///< non-zero differences
  double wPlus = 0.0;   ///< sum of the ranks of the positive differences
  double wMinus = 0.0;  ///< sum of the ranks of the negative differences
  double pValue = 0.0;  ///< two-sided; NaN when n == 0
  bool exact = false;   ///< exact distribution (n <= kExactMax) or normal approximation
  static constexpr int kExactMax = 25;
};

/// n <= 25: the exact permutation distribution of W+ given the observed ranks (ties included),
/// p = min(1, 2 min(P(W+ <= w), P(W+ >= w))). n > 25: normal approximation with the tie
/// correction of the variance and a continuity correction of 0.5.
SignedRankTest wilcoxonSignedRank(const std::vector<double>& differences);

/// Two-sided exact binomial sign test: p = min(1, 2 P(X <= min(wins, losses))), X ~ Bin(wins +
/// losses, 1/2); NaN when wins + losses == 0. Throws std::invalid_argument for negative counts.
double signTestP(int wins, int losses);

/// Everything a paired comparison table shows.
struct PairedComparison {
  int n = 0;        ///< pairs where both values are finite
  int skipped = 0;  ///< pairs dropped because a value is not finite (e.g. undefined PGR)
  int wins = 0;     ///< a > b
  int losses = 0;   ///< a < b
  int ties = 0;     ///< nearlyEqual(a, b)
  double meanDifference = 0.0;    ///< mean of a - b (NaN when n == 0)
  double medianDifference = 0.0;  ///< median of a - b (NaN when n == 0)
  double signP = 0.0;             ///< sign test p-value (ties dropped)
  SignedRankTest wilcoxon;
};

/// Compares a[i] with b[i] for every i. Throws std::invalid_argument when the sizes differ.
PairedComparison pairedComparison(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace w2s
