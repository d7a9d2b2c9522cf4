#pragma once
// Turns the stored jobs of a sweep into the paper's numbers.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/Stats.h"

namespace w2s {

class RunStore;

/// One student (one seed) with its supervisor and ceiling.
struct StudentOutcome {
  std::string studentHash, weakHash, ceilingHash;
  std::string task, view, weakSize, strongSize, loss;
  uint64_t seed = 0;
  int64_t weakParams = 0, strongParams = 0;
  double sizeGap = 0.0;  ///< log10(strongParams / weakParams)
  double weakAcc = 0.0, ceilingAcc = 0.0, w2sAcc = 0.0;
  double w2sBestAcc = 0.0;  ///< best test accuracy over the student's curve
  int64_t w2sBestStep = 0;
  std::optional<double> pgr;      ///< on final accuracy
  std::optional<double> pgrBest;  ///< on best-over-training accuracy
  Agreement agree;                ///< at the end of training, on test
};

/// Every finished student of a sweep (or of the whole store) whose supervisor and ceiling are done.
std::vector<StudentOutcome> collectOutcomes(const RunStore& store,
                                            std::optional<int64_t> sweepId = std::nullopt);

/// Outcomes grouped over seeds by (task, view, weak size, strong size, loss).
struct ReportRow {
  std::string task, view, weakSize, strongSize, loss;
  int64_t weakParams = 0, strongParams = 0;
  double sizeGap = 0.0;
  MeanCi weakAcc, ceilingAcc, w2sAcc, w2sBestAcc;
  MeanCi pgr;  ///< over seeds where PGR is defined
  MeanCi pgrBest;
  int pgrUndefined = 0;  ///< seeds where PGR is undefined (ceiling <= weak)
  MeanCi agreeAll, agreeRight, agreeWrong;
  int seeds = 0;
};

/// Groups outcomes; rows sorted by task, view, weak params, strong params, loss.
std::vector<ReportRow> aggregate(const std::vector<StudentOutcome>& outcomes, double level = 0.95);

}  // namespace w2s
