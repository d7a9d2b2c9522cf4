#pragma once
// A sweep's results as files for spreadsheets, notebooks and papers: summary.csv (one row per
// group, with intervals), outcomes.csv (one row per student and seed), curves.csv (every
// evaluation point of every finished job) and summary.json (docs/interop.md). `w2s export`,
// `w2s export-json` and the window's File > Export write them through these functions.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace w2s {

class RunStore;
struct ReportRow;

/// CSV field quoting (RFC 4180).
std::string csvField(const std::string& s);

/// summary.csv's header and one line per row.
void writeSummaryCsv(std::ostream& o, const std::vector<ReportRow>& rows);

/// What an export wrote.
struct ExportedResults {
  std::vector<std::string> files;  ///< paths, in the order written
  size_t students = 0;             ///< rows of outcomes.csv
  int curveJobs = 0;               ///< finished jobs whose curves are in curves.csv
};

/// Writes summary.csv, outcomes.csv and curves.csv of one sweep (every run when sweepId is
/// nullopt) into `dir`, created when missing. Each file is written atomically: a failed write
/// throws and leaves no short file.
ExportedResults exportResultsCsv(const RunStore& store, std::optional<int64_t> sweepId,
                                 const std::string& dir);

/// exportResultsCsv plus summary.json (exportSummaryJson with intervals at `level`).
ExportedResults exportResults(const RunStore& store, std::optional<int64_t> sweepId,
                              const std::string& dir, double level = 0.95);

}  // namespace w2s
