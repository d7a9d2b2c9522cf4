#pragma once
// Misfit and gain of a weak-to-strong student (docs/science.md, "Misfit and gain"): how far the
// student moved from its supervisor, and how much closer to the truth that move took it, each
// as a loss and in plain words (disagreement rate, accuracy gain).
#include <vector>

namespace w2s {

struct MisfitGain {
  /// Squared loss on probability vectors (Charikar, Pabbaraju & Shiragur 2024): with f* the
  /// one-hot truth, gain = E|f_w - f*|^2 - E|f_sw - f*|^2 and misfit = E|f_sw - f_w|^2.
  double gainSq = 0.0, misfitSq = 0.0;
  /// The same with the KL divergence as the Bregman divergence (Mulgund & Pabbaraju 2025):
  /// gain = E KL(f* || f_w) - E KL(f* || f_sw) (the drop in cross-entropy against the truth)
  /// and misfit = E KL(f_sw || f_w). Probabilities are clamped to [1e-7, 1] first.
  double gainKl = 0.0, misfitKl = 0.0;
  /// Plain words: test accuracy of the student minus its supervisor's; the share of test
  /// examples where their predicted classes differ.
  double accGain = 0.0, disagreement = 0.0;
};

/// `student` and `supervisor`: test class probabilities, row-major [rows, cols]; `truth`: the
/// test labels. Throws std::invalid_argument when the sizes disagree, cols < 2, there are no
/// rows, or a label is outside [0, cols).
MisfitGain misfitGain(const std::vector<float>& student, const std::vector<float>& supervisor,
                      int cols, const std::vector<int>& truth);

/// Pearson correlation of paired values; NaN with fewer than 3 pairs or no spread in either.
double pearson(const std::vector<double>& x, const std::vector<double>& y);
/// Least-squares slope of y on x (with an intercept); NaN with fewer than 2 pairs or no
/// spread in x.
double olsSlope(const std::vector<double>& x, const std::vector<double>& y);
/// Spearman rank correlation (averageRanks: nearly equal values tied); NaN as pearson.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace w2s
