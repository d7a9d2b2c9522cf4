#include "core/metrics/MisfitGain.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/metrics/PairedTest.h"

namespace w2s {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMinProb = 1e-7;

double clamped(float p) { return std::clamp(static_cast<double>(p), kMinProb, 1.0); }

int argmax(const float* row, int cols) {
  return static_cast<int>(std::max_element(row, row + cols) - row);
}

void checkPairs(const std::vector<double>& x, const std::vector<double>& y, const char* what) {
  if (x.size() != y.size()) {
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(x.size()) +
                                " x values but " + std::to_string(y.size()) + " y values");
  }
}

// Centred sums of squares and cross products of paired values.
struct Moments {
  double sxx = 0, syy = 0, sxy = 0;
};
Moments moments(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  Moments m;
  for (size_t i = 0; i < x.size(); ++i) {
    m.sxx += (x[i] - mx) * (x[i] - mx);
    m.syy += (y[i] - my) * (y[i] - my);
    m.sxy += (x[i] - mx) * (y[i] - my);
  }
  return m;
}

}  // namespace

MisfitGain misfitGain(const std::vector<float>& student, const std::vector<float>& supervisor,
                      int cols, const std::vector<int>& truth) {
  if (cols < 2) throw std::invalid_argument("misfitGain: expected at least 2 classes");
  const size_t rows = truth.size();
  if (rows == 0) throw std::invalid_argument("misfitGain: no test examples");
  const size_t want = rows * static_cast<size_t>(cols);
  if (student.size() != want || supervisor.size() != want) {
    throw std::invalid_argument(
        "misfitGain: " + std::to_string(rows) + " labels x " + std::to_string(cols) +
        " classes need " + std::to_string(want) + " probabilities; the student has " +
        std::to_string(student.size()) + ", the supervisor " + std::to_string(supervisor.size()));
  }
  double sqW = 0, sqS = 0, sqM = 0, klW = 0, klS = 0, klM = 0;
  long rightS = 0, rightW = 0, differ = 0;
  for (size_t i = 0; i < rows; ++i) {
    const int y = truth[i];
    if (y < 0 || y >= cols) {
      throw std::invalid_argument("misfitGain: label " + std::to_string(y) + " at row " +
                                  std::to_string(i) + " is outside [0, " + std::to_string(cols) +
                                  ")");
    }
    const float* s = student.data() + i * static_cast<size_t>(cols);
    const float* w = supervisor.data() + i * static_cast<size_t>(cols);
    for (int c = 0; c < cols; ++c) {
      const double target = c == y ? 1.0 : 0.0;
      sqW += (w[c] - target) * (w[c] - target);
      sqS += (s[c] - target) * (s[c] - target);
      sqM += (s[c] - w[c]) * (s[c] - w[c]);
      klM += clamped(s[c]) * std::log(clamped(s[c]) / clamped(w[c]));
    }
    klW -= std::log(clamped(w[y]));  // KL(one-hot || p) = -log p_y
    klS -= std::log(clamped(s[y]));
    const int ps = argmax(s, cols), pw = argmax(w, cols);
    rightS += ps == y;
    rightW += pw == y;
    differ += ps != pw;
  }
  const double n = static_cast<double>(rows);
  MisfitGain m;
  m.gainSq = (sqW - sqS) / n;
  m.misfitSq = sqM / n;
  m.gainKl = (klW - klS) / n;
  m.misfitKl = klM / n;
  m.accGain = static_cast<double>(rightS - rightW) / n;
  m.disagreement = static_cast<double>(differ) / n;
  return m;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  checkPairs(x, y, "pearson");
  if (x.size() < 3) return kNaN;
  const Moments m = moments(x, y);
  if (m.sxx <= 0 || m.syy <= 0) return kNaN;
  return m.sxy / std::sqrt(m.sxx * m.syy);
}

double olsSlope(const std::vector<double>& x, const std::vector<double>& y) {
  checkPairs(x, y, "olsSlope");
  if (x.size() < 2) return kNaN;
  const Moments m = moments(x, y);
  return m.sxx > 0 ? m.sxy / m.sxx : kNaN;
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  checkPairs(x, y, "spearman");
  return pearson(averageRanks(x), averageRanks(y));
}

}  // namespace w2s
