#include "core/metrics/Auroc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace w2s {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <typename T>
void checkProbShape(const std::vector<T>& probs, int cols, const std::vector<int>& truth) {
  if (cols < 2) {
    throw std::invalid_argument("auroc: expected at least 2 probability columns, got " +
                                std::to_string(cols));
  }
  if (probs.size() != truth.size() * static_cast<size_t>(cols)) {
    throw std::invalid_argument("auroc: " + std::to_string(probs.size()) + " probabilities for " +
                                std::to_string(truth.size()) + " labels x " + std::to_string(cols) +
                                " columns");
  }
  for (size_t i = 0; i < truth.size(); ++i) {
    if (truth[i] < 0 || truth[i] >= cols) {
      throw std::invalid_argument("auroc: truth[" + std::to_string(i) +
                                  "] = " + std::to_string(truth[i]) + " is outside [0, " +
                                  std::to_string(cols) + ")");
    }
  }
}

}  // namespace

double binaryAuroc(const std::vector<double>& scores, const std::vector<int>& labels) {
  if (scores.size() != labels.size()) {
    throw std::invalid_argument("auroc: " + std::to_string(scores.size()) + " scores for " +
                                std::to_string(labels.size()) + " labels");
  }
  size_t positives = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] != 0 && labels[i] != 1) {
      throw std::invalid_argument("auroc: labels[" + std::to_string(i) +
                                  "] = " + std::to_string(labels[i]) + ", expected 0 or 1");
    }
    if (std::isnan(scores[i])) {
      throw std::invalid_argument("auroc: scores[" + std::to_string(i) + "] is NaN");
    }
    positives += labels[i];
  }
  const size_t negatives = labels.size() - positives;
  if (positives == 0 || negatives == 0) return kNaN;

  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  // Sum of the positives' 1-based ranks, a run of equal scores sharing its average rank.
  double positiveRankSum = 0.0;
  for (size_t start = 0; start < order.size();) {
    size_t end = start;
    size_t runPositives = 0;
    while (end < order.size() && scores[order[end]] == scores[order[start]]) {
      runPositives += labels[order[end]];
      ++end;
    }
    const double averageRank = 0.5 * static_cast<double>(start + 1 + end);
    positiveRankSum += averageRank * static_cast<double>(runPositives);
    start = end;
  }
  const double np = static_cast<double>(positives), nn = static_cast<double>(negatives);
  const double u = positiveRankSum - np * (np + 1.0) / 2.0;
  return u / (np * nn);
}

namespace {

// The binary AUROC of `binaryScore` for two columns, else the one-vs-rest macro average of
// `score(row, c)` over the classes present in `truth` that also have negatives.
template <typename Score, typename BinaryScore>
double aurocOf(size_t rows, int cols, const std::vector<int>& truth, Score score,
               BinaryScore binaryScore) {
  if (cols == 2) {
    std::vector<double> s(rows);
    for (size_t r = 0; r < rows; ++r) s[r] = binaryScore(r);
    return binaryAuroc(s, truth);
  }
  double sum = 0.0;
  int classes = 0;
  for (int c = 0; c < cols; ++c) {
    std::vector<int> isClass(rows);
    std::vector<double> s(rows);
    for (size_t r = 0; r < rows; ++r) {
      isClass[r] = truth[r] == c ? 1 : 0;
      s[r] = score(r, c);
    }
    const double a = binaryAuroc(s, isClass);
    if (std::isnan(a)) continue;  // class absent (or the only one): no ranking to judge
    sum += a;
    ++classes;
  }
  return classes ? sum / classes : kNaN;
}

}  // namespace

double auroc(const std::vector<float>& probs, int cols, const std::vector<int>& truth) {
  checkProbShape(probs, cols, truth);
  const size_t c = static_cast<size_t>(cols);
  return aurocOf(
      truth.size(), cols, truth, [&](size_t r, int k) { return double(probs[r * c + k]); },
      [&](size_t r) { return double(probs[r * c + 1]); });
}

double aurocFromLogProbs(const std::vector<double>& logProbs, int cols,
                         const std::vector<int>& truth) {
  checkProbShape(logProbs, cols, truth);
  const size_t c = static_cast<size_t>(cols);
  return aurocOf(
      truth.size(), cols, truth, [&](size_t r, int k) { return logProbs[r * c + k]; },
      [&](size_t r) { return logProbs[r * c + 1] - logProbs[r * c]; });
}

}  // namespace w2s
