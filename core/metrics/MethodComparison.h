#pragma once
// Paired comparison of two methods across a sweep: two losses (xent vs logconf), or two ways of
// making the student (direct vs bootstrap). The outcomes of A and of B that agree in everything
// else — task, view, weak size, strong size, seed and the other dimension — form a pair.
#include <string>
#include <vector>

#include "core/analysis/Report.h"
#include "core/metrics/PairedTest.h"

namespace w2s {

/// What the two methods differ in.
enum class CompareBy { Loss, Method };

/// Which number of an outcome the comparison uses.
enum class OutcomeMetric { Pgr, PgrBest, W2sAcc, W2sBestAcc };

/// "pgr", "pgr_best", "w2s_acc", "w2s_best_acc".
const char* toString(OutcomeMetric m);

/// One matched cell; a value is NaN where it is undefined (e.g. PGR when ceiling <= weak).
struct ComparedCell {
  std::string task, view, weakSize, strongSize;
  std::string shared;  ///< the method when comparing losses, the loss when comparing methods
  uint64_t seed = 0;
  double a = 0.0, b = 0.0;
};

struct MethodComparison {
  CompareBy by = CompareBy::Loss;
  std::string methodA, methodB;
  OutcomeMetric metric = OutcomeMetric::Pgr;
  std::vector<ComparedCell> cells;  ///< sorted by task, view, weak size, strong size, shared, seed
  int unmatched = 0;                ///< outcomes of A or B with no partner in the other method
  PairedComparison stats;           ///< over the cells; A - B
};

/// Pairs the outcomes whose loss (by = Loss) or method (by = Method, StudentOutcome::method) is
/// `methodA` with those where it is `methodB`. Throws std::invalid_argument when one side has two
/// outcomes in one cell (e.g. the same runs imported twice under different hashes).
MethodComparison compareMethods(const std::vector<StudentOutcome>& outcomes, CompareBy by,
                                const std::string& methodA, const std::string& methodB,
                                OutcomeMetric metric = OutcomeMetric::Pgr);

}  // namespace w2s
