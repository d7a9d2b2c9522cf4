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
/// empty agreement split, are skipped and not counted in n). n == 1: lo == hi == mean. n == 0:
/// all NaN. Throws std::invalid_argument when level is not in (0, 1).
struct MeanCi {
  double mean = 0.0;
  double lo = 0.0;
  double hi = 0.0;
  int n = 0;
};
MeanCi meanCi(const std::vector<double>& values, double level = 0.95);

/// Two-sided Student-t quantile t_{(1+level)/2, dof} (e.g. 12.706 for level 0.95, dof 1), to
/// about 1e-12 relative. Throws std::invalid_argument for dof < 1 or level outside (0, 1).
double studentTQuantile(double level, int dof);

}  // namespace w2s
