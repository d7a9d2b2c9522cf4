#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>

#include "core/analysis/Report.h"
#include "core/analysis/ReportTable.h"
#include "core/cli/Args.h"
#include "core/cli/Commands.h"
#include "core/cli/MethodTables.h"
#include "core/cli/TextTable.h"
#include "core/interop/ResultsExport.h"
#include "core/store/RunStore.h"
#include "core/sweep/MethodPlanner.h"
#include "core/text/Utf8.h"
#include "core/train/LossRegistry.h"
#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"

namespace fs = std::filesystem;

namespace w2s {

namespace {

std::string openStorePath(const Args& a) {
  const std::string db = a.value("db", defaultDbPath());
  if (db != ":memory:" && !fs::exists(db)) {
    throw StoreError(db + ": no run store here (run a sweep first, or pass --db FILE)");
  }
  return db;
}

std::optional<int64_t> sweepOption(const Args& a, const RunStore& store, bool allDefault) {
  if (auto v = a.value("sweep")) {
    if (*v == "all") return std::nullopt;
    const int id = a.integer("sweep", 0, 1, 1 << 30);
    if (!store.sweep(id)) throw SpecError("--sweep " + *v + ": no such sweep in " + store.path());
    return id;
  }
  if (allDefault) return std::nullopt;
  auto latest = store.latestSweep();
  if (!latest) throw StoreError(store.path() + ": the store holds no sweep yet");
  return latest->id;
}

// The report's main table (ReportTable): the headline a newcomer reads first, the notes, then
// one row per cell under a "task" line per task. Names come from sweep files: escaped so they
// cannot drive the terminal.
void writeReportTable(std::ostream& o, const ReportTable& t) {
  if (!t.headline.empty()) {
    for (const std::string& line : t.headline) o << printableText(line) << "\n";
    o << "\n";
  }
  for (const std::string& note : t.notes) o << note << "\n";
  TextTable table(std::vector<std::string>(t.header.begin() + 1, t.header.end()));
  std::string task;
  for (const auto& row : t.rows) {
    if (row.front().text != task) {
      task = row.front().text;
      table.addLine("task " + printableText(task));
    }
    std::vector<std::string> cells;
    for (size_t c = 1; c < row.size(); ++c) cells.push_back(printableText(row[c].text));
    table.addRow(cells);
  }
  table.write(o);
}

}  // namespace

int statusCommand(const ArgList& args, std::ostream& out, std::ostream&) {
  Args a(args, "status", {"db", "cluster"});
  if (const auto dir = a.value("cluster")) return clusterStatus(*dir, out);
  RunStore store(openStorePath(a), RunStore::OpenMode::ReadOnly);
  out << "store: " << store.path() << " (schema " << store.schemaVersion() << ")\n";
  const auto sweeps = store.sweeps();
  if (sweeps.empty()) out << "no sweeps yet\n";
  for (const auto& s : sweeps) {
    std::map<JobStatus, int> counts;
    for (const auto& j : store.jobs(s.id)) ++counts[j.status];
    const int total = static_cast<int>(store.sweepJobHashes(s.id).size());
    // Names come from sweep files: escape control characters so they cannot drive the terminal.
    out << "sweep " << s.id << " \"" << printableText(s.name) << "\" " << printableText(s.createdAt)
        << ": " << counts[JobStatus::Done] << "/" << total << " done";
    for (JobStatus st :
         {JobStatus::Running, JobStatus::Pending, JobStatus::Failed, JobStatus::Cancelled}) {
      if (counts[st]) out << ", " << counts[st] << " " << st;
    }
    out << "\n";
  }
  return 0;
}

int reportCommand(const ArgList& args, std::ostream& out, std::ostream& err) {
  Args a(args, "report", {"db", "sweep", "format", "level", "metric", "ci"});
  RunStore store(openStorePath(a), RunStore::OpenMode::ReadOnly);
  const auto sweepId = sweepOption(a, store, false);
  const double level = std::stod(a.value("level", "0.95"));
  if (!(level > 0 && level < 1)) throw SpecError("--level expects a number in (0, 1)");
  const std::string metric = a.value("metric", "acc");
  if (metric != "acc" && metric != "auroc") {
    throw SpecError("--metric expects acc or auroc, got \"" + metric + "\"");
  }
  const std::string ciName = a.value("ci", "t");
  if (ciName != "t" && ciName != "bootstrap") {
    throw SpecError("--ci expects t or bootstrap, got \"" + ciName + "\"");
  }
  const CiMethod ci = ciName == "bootstrap" ? CiMethod::Bootstrap : CiMethod::StudentT;
  const std::vector<StudentOutcome> outcomes = collectOutcomes(store, sweepId);
  const auto rows = aggregate(outcomes, level, ci);
  const std::string format = a.value("format", "table");
  if (rows.empty()) {
    err << "w2s report: no finished students in this sweep yet\n";
    return format == "table" ? 0 : 1;
  }
  if (format == "csv") {
    writeSummaryCsv(out, rows);
  } else if (format == "table") {
    if (sweepId) out << "sweep " << *sweepId << "\n";
    writeReportTable(out, reportTable(rows, level, metric == "auroc", ci == CiMethod::Bootstrap));
    writeMethodTables(out, rows);
    writeErrorStructureTable(out, store, sweepId, rows);
    writeProbeComboTable(out, store, sweepId, rows);
    writeMisfitGainTables(out, outcomes);
  } else {
    throw SpecError("--format expects table or csv, got \"" + format + "\"");
  }
  return 0;
}

int exportCommand(const ArgList& args, std::ostream& out, std::ostream&) {
  Args a(args, "export", {"db", "sweep", "out"});
  RunStore store(openStorePath(a), RunStore::OpenMode::ReadOnly);
  const auto sweepId = sweepOption(a, store, false);
  const auto dir = a.value("out");
  if (!dir) throw SpecError("w2s export: --out DIR is required");
  const ExportedResults r = exportResultsCsv(store, sweepId, *dir);
  out << "wrote " << (fs::path(*dir) / "summary.csv").string() << ", outcomes.csv (" << r.students
      << " students), curves.csv (" << r.curveJobs << " jobs)\n";
  return 0;
}

int lossesCommand(const ArgList& args, std::ostream& out, std::ostream&) {
  Args a(args, "losses", {}, {"markdown"});
  if (a.flag("markdown")) {
    out << lossTableMarkdown();
    return 0;
  }
  TextTable table({"loss", "option", "default", "meaning"});
  for (const auto& l : lossRegistry()) {
    table.addRow({l.name, "", "", l.summary});
    for (const auto& o : l.options) {
      std::ostringstream d;
      d << o.defaultValue;
      table.addRow({"", o.key, d.str(), o.doc});
    }
  }
  table.write(out);
  return 0;
}

int methodsCommand(const ArgList& args, std::ostream& out, std::ostream&) {
  Args a(args, "methods", {}, {"markdown"});
  if (a.flag("markdown")) {
    out << methodTableMarkdown();
    return 0;
  }
  TextTable table({"field", "what it adds to the plan"});
  for (const auto& m : methodRegistry()) table.addRow({m.key, m.summary});
  table.write(out);
  return 0;
}

}  // namespace w2s
