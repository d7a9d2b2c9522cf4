#pragma once
// The report's method tables (docs/science.md): early stopping, bootstrapping vs direct.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/Report.h"

namespace w2s {

class RunStore;

/// Writes, after the main report table, one table per method the rows hold: final, early-stopped
/// (by weak agreement) and oracle (ground-truth best) accuracy and PGR when students had a
/// validation split; accuracy and PGR vs student size, bootstrapped vs direct, when the sweep
/// bootstrapped. Writes nothing for rows without either.
void writeMethodTables(std::ostream& out, const std::vector<ReportRow>& rows);

/// Writes the error-structure table when the sweep has label sources: per source and student,
/// label accuracy, student accuracy, PGR, and agreement with the supervisor on the examples the
/// supervisor gets wrong at 25%, 50% and 100% of training (means over seeds).
void writeErrorStructureTable(std::ostream& out, const RunStore& store,
                              std::optional<int64_t> sweepId, const std::vector<ReportRow>& rows);

/// Writes the probe/finetune table (paper Fig. 9) when the sweep planned probe_combos: per pair,
/// test accuracy (means over seeds) of lp(weak), ft(weak), ft(weak) then lp(gt), lp(gt), ft(gt).
/// Writes misfit against gain (MisfitAnalysis.h) when direct students have stored test
/// probabilities: per task, view and loss, the squared-loss, KL and plain-words fits; then
/// choosing a supervisor by misfit alone (Spearman with the students' test accuracy).
void writeMisfitGainTables(std::ostream& out, const std::vector<StudentOutcome>& outcomes);

void writeProbeComboTable(std::ostream& out, const RunStore& store, std::optional<int64_t> sweepId,
                          const std::vector<ReportRow>& rows);

}  // namespace w2s
