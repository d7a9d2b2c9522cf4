#include "core/analysis/Stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace w2s {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void checkSizes(size_t a, size_t b, const char* what) {
  if (a != b) {
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(a) + " vs " +
                                std::to_string(b) + " entries, expected equal sizes");
  }
}

// Continued fraction of the regularized incomplete beta function (modified Lentz), valid for
// x < (a + 1) / (a + b + 2).
double betaContinuedFraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-15;
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 100000; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kEps) break;
  }
  return h;
}

// I_x(a, b) with x in [0, 1]; y = 1 - x is passed separately so that x close to 1 keeps its
// precision.
double regularizedBeta(double a, double b, double x, double y) {
  if (x <= 0.0) return 0.0;
  if (y <= 0.0) return 1.0;
  const double logFront =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log(y);
  const double front = std::exp(logFront);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * betaContinuedFraction(a, b, x) / a;
  return 1.0 - front * betaContinuedFraction(b, a, y) / b;
}

// P(T > t) for t >= 0 under Student's t with `dof` degrees of freedom.
double studentUpperTail(double t, double dof) {
  const double denom = dof + t * t;
  return 0.5 * regularizedBeta(dof / 2.0, 0.5, dof / denom, t * t / denom);
}

}  // namespace

std::optional<double> pgr(double weak, double w2s, double ceiling) {
  // `!(a > b)` so that NaN accuracies are undefined too.
  if (!(ceiling > weak)) return std::nullopt;
  return (w2s - weak) / (ceiling - weak);
}

std::string formatPgr(const std::optional<double>& value, int decimals) {
  if (!value || std::isnan(*value)) return "undefined";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals < 0 ? 0 : decimals, *value);
  return buf;
}

double accuracy(const std::vector<int>& pred, const std::vector<int>& truth) {
  checkSizes(pred.size(), truth.size(), "accuracy");
  if (pred.empty()) return kNaN;
  size_t equal = 0;
  for (size_t i = 0; i < pred.size(); ++i) equal += pred[i] == truth[i] ? 1 : 0;
  return static_cast<double>(equal) / static_cast<double>(pred.size());
}

Agreement agreement(const std::vector<int>& student, const std::vector<int>& supervisor,
                    const std::vector<int>& truth) {
  checkSizes(student.size(), supervisor.size(), "agreement (student vs supervisor)");
  checkSizes(supervisor.size(), truth.size(), "agreement (supervisor vs truth)");
  size_t agree = 0, right = 0, agreeRight = 0, agreeWrong = 0;
  for (size_t i = 0; i < student.size(); ++i) {
    const bool same = student[i] == supervisor[i];
    const bool supervisorRight = supervisor[i] == truth[i];
    agree += same;
    right += supervisorRight;
    agreeRight += same && supervisorRight;
    agreeWrong += same && !supervisorRight;
  }
  const size_t wrong = student.size() - right;
  auto ratio = [](size_t num, size_t den) {
    return den == 0 ? kNaN : static_cast<double>(num) / static_cast<double>(den);
  };
  return {ratio(agree, student.size()), ratio(agreeRight, right), ratio(agreeWrong, wrong)};
}

MeanCi meanCi(const std::vector<double>& values, double level) {
  std::vector<double> finite;
  for (double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  MeanCi out;
  out.n = static_cast<int>(finite.size());
  if (finite.empty()) {
    out.mean = out.lo = out.hi = kNaN;
    return out;
  }
  double sum = 0.0;
  for (double v : finite) sum += v;
  out.mean = sum / out.n;
  if (out.n == 1) {
    out.lo = out.hi = kNaN;
    return out;
  }
  double squares = 0.0;
  for (double v : finite) squares += (v - out.mean) * (v - out.mean);
  const double sd = std::sqrt(squares / (out.n - 1));
  const double half = studentTQuantile(level, out.n - 1) * sd / std::sqrt(out.n);
  out.lo = out.mean - half;
  out.hi = out.mean + half;
  return out;
}

std::string formatPgrCell(const PgrAcrossSeeds& p, int decimals, bool withInterval) {
  if (p.n > 0 && p.unstable) return "unstable";
  if (!std::isfinite(p.ratio)) return "-";
  const int d = decimals < 0 ? 0 : decimals;
  char buf[96];
  if (withInterval && std::isfinite(p.lo) && std::isfinite(p.hi)) {
    std::snprintf(buf, sizeof buf, "%.*f ± %.*f", d, p.ratio, d, (p.hi - p.lo) / 2.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.*f", d, p.ratio);
  }
  return buf;
}

double median(std::vector<double> values) {
  values.erase(
      std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
      values.end());
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

PgrAcrossSeeds pgrAcrossSeeds(const std::vector<double>& weak, const std::vector<double>& w2s,
                              const std::vector<double>& ceiling, double level) {
  checkSizes(weak.size(), w2s.size(), "pgrAcrossSeeds (weak vs w2s)");
  checkSizes(weak.size(), ceiling.size(), "pgrAcrossSeeds (weak vs ceiling)");
  if (!(level > 0.0 && level < 1.0)) {
    throw std::invalid_argument("pgrAcrossSeeds: level " + std::to_string(level) +
                                " is not in (0, 1)");
  }
  std::vector<double> gains, gaps, perSeed;
  for (size_t i = 0; i < weak.size(); ++i) {
    if (!std::isfinite(weak[i]) || !std::isfinite(w2s[i]) || !std::isfinite(ceiling[i])) continue;
    gains.push_back(w2s[i] - weak[i]);
    gaps.push_back(ceiling[i] - weak[i]);
    if (const auto p = pgr(weak[i], w2s[i], ceiling[i])) perSeed.push_back(*p);
  }
  PgrAcrossSeeds out;
  out.n = static_cast<int>(gains.size());
  out.undefinedSeeds = out.n - static_cast<int>(perSeed.size());
  out.ratio = out.lo = out.hi = out.gap = out.gapSe = kNaN;
  out.seedMean = meanCi(perSeed).mean;
  out.median = median(perSeed);
  if (out.n == 0) return out;
  const double n = out.n;
  double gainMean = 0.0;
  for (double g : gains) gainMean += g / n;
  double gapMean = 0.0;
  for (double d : gaps) gapMean += d / n;
  out.gap = gapMean;
  if (out.n >= 2) {
    double squares = 0.0;
    for (double d : gaps) squares += (d - gapMean) * (d - gapMean);
    out.gapSe = std::sqrt(squares / (n - 1.0)) / std::sqrt(n);
  }
  out.unstable = !(gapMean >= kPgrGapFloor) || (out.n >= 2 && gapMean < 2.0 * out.gapSe);
  if (!(gapMean > 0.0)) return out;
  out.ratio = gainMean / gapMean;
  if (out.n >= 2) {
    double squares = 0.0;
    for (size_t i = 0; i < gains.size(); ++i) {
      const double z = gains[i] - out.ratio * gaps[i];  // mean 0 by construction
      squares += z * z;
    }
    const double half = studentTQuantile(level, out.n - 1) * std::sqrt(squares / (n - 1.0)) /
                        (std::sqrt(n) * gapMean);
    out.lo = out.ratio - half;
    out.hi = out.ratio + half;
  }
  return out;
}

double studentTQuantile(double level, int dof) {
  if (!(level > 0.0 && level < 1.0)) {
    throw std::invalid_argument("studentTQuantile: level " + std::to_string(level) +
                                " is not in (0, 1)");
  }
  if (dof < 1) {
    throw std::invalid_argument("studentTQuantile: " + std::to_string(dof) +
                                " degrees of freedom, expected at least 1");
  }
  // Solve P(T > t) = (1 - level) / 2 by bisection: the tail is monotone in t, and working on
  // the tail probability (not the CDF) keeps precision for levels close to 1.
  const double target = (1.0 - level) / 2.0;
  const double nu = dof;
  double lo = 0.0, hi = 1.0;
  while (studentUpperTail(hi, nu) > target) {
    lo = hi;
    hi *= 2.0;
    if (hi > 1e300) return std::numeric_limits<double>::infinity();
  }
  for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (studentUpperTail(mid, nu) > target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace w2s
