#pragma once
// The main table of `w2s report` as data: its headline, the notes above it and one row of cells
// per ReportRow. The command line prints it (ReportCommands.cpp); the window's results tab shows
// the same cells, sortable, and copies them as CSV or LaTeX. Texts are raw (names from sweep
// files are not escaped here; a terminal printer escapes them).
#include <cmath>
#include <string>
#include <vector>

#include "core/analysis/Report.h"

namespace w2s {

struct ReportCell {
  std::string text;
  double sortKey = std::nan("");  ///< numeric order of the cell (NaN: by text)
  /// The PGR of this cell is unstable or undefined (printed "unstable" or "-").
  bool flagged = false;
};

struct ReportTable {
  /// Per task and view: PGR at the largest size gap with its interval, and whether the
  /// confidence loss beat cross-entropy there (several lines each).
  std::vector<std::string> headline;
  /// What the intervals are, how PGR is computed, what "unstable" means.
  std::vector<std::string> notes;
  std::vector<std::string> header;  ///< task, view, weak, strong, loss, gap, ...
  std::vector<std::vector<ReportCell>> rows;
  size_t pgrColumn = 0;  ///< the PGR column's index
};

/// `rows` (from aggregate) as the report prints them: accuracies as "mean ± half-width" of the
/// interval at `level`, PGR as formatPgrCell, metrics on test AUROC when `auroc`.
ReportTable reportTable(const std::vector<ReportRow>& rows, double level, bool auroc,
                        bool bootstrap);

/// "0.812 ± 0.010" (half-width of the interval), the mean alone for one seed, "undefined" for
/// none.
std::string formatMeanCi(const MeanCi& m, int decimals = 3);

/// The method column of a row: the loss, "LOSS+METHOD", "(k)" after a k-step bootstrap chain.
std::string reportMethodLabel(const ReportRow& row);

}  // namespace w2s
