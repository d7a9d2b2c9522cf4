#include "core/metrics/PairedTest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace w2s {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// log C(n, k) through lgamma: for large n, where 2^-n underflows.
double logChoose(int n, int k) {
  return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
}

// Ranks of |d| (1-based, ties averaged), doubled so that they are integers.
std::vector<int> doubledRanks(const std::vector<double>& absd) {
  const std::vector<double> average = averageRanks(absd);
  std::vector<int> ranks(average.size());
  for (size_t i = 0; i < average.size(); ++i) ranks[i] = static_cast<int>(2.0 * average[i]);
  return ranks;
}

double median(std::vector<double> v) {
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

}  // namespace

bool nearlyEqual(double x, double y) {
  return std::fabs(x - y) <= kTieTolerance * std::max({1.0, std::fabs(x), std::fabs(y)});
}

std::vector<double> averageRanks(const std::vector<double>& values) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (size_t start = 0; start < order.size();) {
    size_t end = start;
    while (end < order.size() && nearlyEqual(values[order[end]], values[order[start]])) ++end;
    for (size_t k = start; k < end; ++k) ranks[order[k]] = (start + 1 + end) / 2.0;
    start = end;
  }
  return ranks;
}

double signTestP(int wins, int losses) {
  if (wins < 0 || losses < 0) {
    throw std::invalid_argument("sign test: negative counts (" + std::to_string(wins) + ", " +
                                std::to_string(losses) + ")");
  }
  const int n = wins + losses;
  if (n == 0) return kNaN;
  const int k = std::min(wins, losses);
  double tail = 0.0;
  if (n <= 1000) {
    // C(n, i) / 2^n by the recurrence: exact for small n, where p-values are read digit by digit.
    double term = std::ldexp(1.0, -n);
    for (int i = 0; i <= k; ++i) {
      tail += term;
      term = term * (n - i) / (i + 1);
    }
  } else {
    for (int i = 0; i <= k; ++i) tail += std::exp(logChoose(n, i) - n * std::log(2.0));
  }
  return std::min(1.0, 2.0 * tail);
}

SignedRankTest wilcoxonSignedRank(const std::vector<double>& differences) {
  std::vector<double> absd;
  std::vector<bool> positive;
  for (double d : differences) {
    if (std::isnan(d)) throw std::invalid_argument("wilcoxon: a difference is NaN");
    if (nearlyEqual(d, 0.0)) continue;
    absd.push_back(std::abs(d));
    positive.push_back(d > 0);
  }
  SignedRankTest t;
  t.n = static_cast<int>(absd.size());
  if (t.n == 0) {
    t.pValue = kNaN;
    return t;
  }
  const std::vector<int> r2 = doubledRanks(absd);
  int plus2 = 0, total2 = 0;
  for (size_t i = 0; i < r2.size(); ++i) {
    total2 += r2[i];
    if (positive[i]) plus2 += r2[i];
  }
  t.wPlus = plus2 / 2.0;
  t.wMinus = (total2 - plus2) / 2.0;

  if (t.n <= SignedRankTest::kExactMax) {
    // Under H0 each rank is positive with probability 1/2 independently: count the sign
    // assignments per doubled W+ (at most 2^25, exact in a double).
    std::vector<double> ways(static_cast<size_t>(total2) + 1, 0.0);
    ways[0] = 1.0;
    int reach = 0;
    for (int r : r2) {
      for (int s = reach; s >= 0; --s) {
        if (ways[s] != 0.0) ways[s + r] += ways[s];
      }
      reach += r;
    }
    const double all = std::ldexp(1.0, t.n);
    double below = 0.0, above = 0.0;
    for (int s = 0; s <= total2; ++s) {
      if (s <= plus2) below += ways[s];
      if (s >= plus2) above += ways[s];
    }
    t.exact = true;
    t.pValue = std::min(1.0, 2.0 * std::min(below, above) / all);
    return t;
  }

  const double n = t.n;
  double tieTerm = 0.0;  // sum over groups of tied |d| of (t^3 - t)
  std::vector<int> sorted = r2;
  std::sort(sorted.begin(), sorted.end());
  for (size_t start = 0; start < sorted.size();) {
    size_t end = start;
    while (end < sorted.size() && sorted[end] == sorted[start]) ++end;
    const double g = static_cast<double>(end - start);
    tieTerm += g * g * g - g;
    start = end;
  }
  const double mean = n * (n + 1.0) / 4.0;
  const double var = n * (n + 1.0) * (2.0 * n + 1.0) / 24.0 - tieTerm / 48.0;
  if (var <= 0.0) {
    t.pValue = 1.0;
    return t;
  }
  const double z = std::max(0.0, std::abs(t.wPlus - mean) - 0.5) / std::sqrt(var);
  t.pValue = std::min(1.0, std::erfc(z / std::sqrt(2.0)));
  return t;
}

PairedComparison pairedComparison(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) {
    throw std::invalid_argument("paired comparison: " + std::to_string(a.size()) + " values vs " +
                                std::to_string(b.size()) + "; expected matched pairs");
  }
  PairedComparison c;
  std::vector<double> d;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(b[i])) {
      ++c.skipped;
      continue;
    }
    const double diff = a[i] - b[i];
    d.push_back(diff);
    if (nearlyEqual(a[i], b[i])) {
      ++c.ties;
    } else if (diff > 0) {
      ++c.wins;
    } else {
      ++c.losses;
    }
  }
  c.n = static_cast<int>(d.size());
  c.meanDifference = d.empty() ? kNaN : std::accumulate(d.begin(), d.end(), 0.0) / d.size();
  c.medianDifference = median(d);
  c.signP = signTestP(c.wins, c.losses);
  c.wilcoxon = wilcoxonSignedRank(d);
  return c;
}

}  // namespace w2s
