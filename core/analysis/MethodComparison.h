#pragma once
// Paired comparison of two methods across a sweep: two losses (xent vs logconf), two ways of
// making the student (direct vs bootstrap), or any two method names as reports print them
// ("xent", "logconf+bootstrap"). The outcomes of A and of B that agree in everything else — task,
// view, weak size, strong size, seed (and the other dimension) — form a pair.
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/Report.h"
#include "core/metrics/PairedTest.h"

namespace w2s {

/// What the two methods differ in.
enum class CompareBy {
  Loss,    ///< StudentOutcome::loss; pairs share the method
  Method,  ///< StudentOutcome::method; pairs share the loss
  Name,    ///< methodName(loss, method), as `w2s report` and `w2s compare` name groups
};

/// Which number of an outcome the comparison uses.
enum class OutcomeMetric { Pgr, PgrAuroc, PgrBest, PgrEarly, W2sAcc, W2sBestAcc, W2sAuroc };

/// Every metric, in the order menus list them.
const std::vector<OutcomeMetric>& allOutcomeMetrics();
/// "pgr", "pgr_auroc", "pgr_best", "pgr_early", "acc", "best_acc", "auroc".
const char* toString(OutcomeMetric m);
/// The names of every metric, comma-separated, for help texts and error messages.
std::string outcomeMetricNames();
/// Axis wording, e.g. "PGR (oracle best accuracy)".
const char* outcomeMetricLabel(OutcomeMetric m);
/// The metric named `text` (toString's names); nullopt for anything else.
std::optional<OutcomeMetric> outcomeMetricFromString(const std::string& text);
/// The metric's value for one outcome; NaN where it is undefined, and for a PGR whose gap
/// (ceiling - weak, on accuracy or AUROC) is below kPgrGapFloor.
double outcomeValue(const StudentOutcome& o, OutcomeMetric m);

/// The method names (CompareBy::Name) the outcomes hold: "xent" first when present, then the
/// others in order of first appearance.
std::vector<std::string> methodNames(const std::vector<StudentOutcome>& outcomes);

/// One matched cell; a value is NaN where it is undefined (e.g. PGR when ceiling <= weak).
struct ComparedCell {
  std::string task, view, weakSize, strongSize;
  std::string shared;  ///< the method when comparing losses, the loss when comparing methods
  uint64_t seed = 0;
  int64_t weakParams = 0, strongParams = 0;
  double a = 0.0, b = 0.0;
};

struct MethodComparison {
  CompareBy by = CompareBy::Loss;
  std::string methodA, methodB;
  OutcomeMetric metric = OutcomeMetric::Pgr;
  std::vector<ComparedCell> cells;  ///< by task, view, weak and strong params, shared, seed
  int unmatched = 0;                ///< outcomes of A or B with no partner in the other method
  /// The unit of analysis. Cells that share a weak model and seed (task, view, weak size, seed)
  /// are trained on the same weak labels, so they are not independent: the tests run on one
  /// pair per such cluster, the means of its cells' A and B (over cells where both are finite).
  int clusters = 0;
  PairedComparison stats;      ///< over the clusters; A - B
  PairedComparison cellStats;  ///< over the cells, as if independent (p-values too small)
};

/// "N clusters (weak model x seed)", as outputs name the unit of analysis.
std::string unitOfAnalysis(const MethodComparison& c);

/// Pairs the outcomes whose loss (by = Loss), method (by = Method) or method name (by = Name) is
/// `methodA` with those where it is `methodB`. Throws std::invalid_argument when one side has two
/// outcomes in one cell (e.g. the same runs imported twice under different hashes, or two sweeps).
MethodComparison compareMethods(const std::vector<StudentOutcome>& outcomes, CompareBy by,
                                const std::string& methodA, const std::string& methodB,
                                OutcomeMetric metric = OutcomeMetric::Pgr);

}  // namespace w2s
