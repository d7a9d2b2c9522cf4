#pragma once
// Small statistics used by the analysis: PGR, agreement, mean with a confidence interval.
#include <optional>
#include <string>
#include <vector>

namespace w2s {

/// (w2s - weak) / (ceiling - weak); nullopt (undefined) when ceiling <= weak.
std::optional<double> pgr(double weak, double w2s, double ceiling);

/// "0.53" or "undefined".
std::string formatPgr(const std::optional<double>& value, int decimals = 2);

/// Fraction of equal entries (NaN when empty); throws std::invalid_argument on size mismatch.
double accuracy(const std::vector<int>& pred, const std::vector<int>& truth);

/// Student-supervisor agreement on all examples, where the supervisor is right, where it is wrong.
/// A split with no examples is NaN. Throws std::invalid_argument when the sizes differ.
struct Agreement {
  double all = 0.0;
  double supervisorRight = 0.0;
  double supervisorWrong = 0.0;
};
Agreement agreement(const std::vector<int>& student, const std::vector<int>& supervisor,
                    const std::vector<int>& truth);

/// Mean and two-sided Student-t confidence interval over the finite values (NaN entries, e.g. an
/// empty agreement split, are skipped and not counted in n). n == 1: the mean, and lo/hi NaN
/// (one seed says nothing about the spread). n == 0: all NaN. Throws std::invalid_argument when
/// level is not in (0, 1).
struct MeanCi {
  double mean = 0.0;
  double lo = 0.0;
  double hi = 0.0;
  int n = 0;
};
MeanCi meanCi(const std::vector<double>& values, double level = 0.95);

/// PGR of one group of seeds (one cell of a sweep), as a reviewer would compute it.
///
/// The headline is the ratio of mean gains, (mean w2s - mean weak) / (mean ceiling - mean weak),
/// over every seed with three finite accuracies: no seed is dropped for a small or negative
/// gap, which would bias the mean. Its interval is the delta-method (linearised ratio) Student-t
/// interval: with g_i = w2s_i - weak_i, d_i = ceiling_i - weak_i and R the ratio, the half-width
/// is t_{n-1} * sd(g_i - R d_i) / (sqrt(n) * mean d). The mean and the median of the per-seed
/// ratios (over seeds where ceiling > weak) are kept beside it.
///
/// A cell is *unstable* when its denominator is within its own noise: mean d below
/// kPgrGapFloor (one accuracy point), or below twice its standard error sd(d) / sqrt(n). Tables
/// and figures print "unstable" for such a cell rather than a large ratio.
struct PgrAcrossSeeds {
  int n = 0;                  ///< seeds with three finite accuracies
  double ratio = 0.0;         ///< ratio of mean gains; NaN when n == 0 or the mean gap is <= 0
  double lo = 0.0, hi = 0.0;  ///< interval of the ratio; NaN when n < 2 or the ratio is NaN
  double seedMean = 0.0;      ///< mean of the per-seed PGRs where defined (NaN if none)
  double median = 0.0;        ///< median of the per-seed PGRs where defined (NaN if none)
  int undefinedSeeds = 0;     ///< seeds where ceiling <= weak (no per-seed PGR)
  double gap = 0.0;           ///< mean of ceiling - weak
  double gapSe = 0.0;         ///< its standard error; NaN when n < 2
  bool unstable = false;      ///< see above; always true when the ratio is NaN and n > 0
};
/// The absolute floor of the PGR denominator: one accuracy point.
constexpr double kPgrGapFloor = 0.01;
/// Throws std::invalid_argument when the three vectors differ in size or level is not in (0, 1).
PgrAcrossSeeds pgrAcrossSeeds(const std::vector<double>& weak, const std::vector<double>& w2s,
                              const std::vector<double>& ceiling, double level = 0.95);

/// How tables print one cell's PGR: "unstable" when flagged, "-" when there is no ratio, else
/// the ratio, followed by " ± half-width" when withInterval and the interval exists.
std::string formatPgrCell(const PgrAcrossSeeds& p, int decimals = 2, bool withInterval = true);

/// Median of the finite values; NaN when there is none.
double median(std::vector<double> values);

/// Two-sided Student-t quantile t_{(1+level)/2, dof} (e.g. 12.706 for level 0.95, dof 1), to
/// about 1e-12 relative. Throws std::invalid_argument for dof < 1 or level outside (0, 1).
double studentTQuantile(double level, int dof);

}  // namespace w2s
