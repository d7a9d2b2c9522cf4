#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>

#include "core/analysis/Report.h"
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

std::string num(double v, int decimals = 3) {
  if (std::isnan(v)) return "";
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << v;
  return s.str();
}

// "0.812 ± 0.010" (half-width of the CI), or the mean alone for one seed.
std::string meanPm(const MeanCi& m, int decimals = 3) {
  if (m.n == 0) return "undefined";
  std::string s = num(m.mean, decimals);
  if (m.n > 1) s += " ± " + num((m.hi - m.lo) / 2, decimals);
  return s;
}

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

// The first lines a newcomer reads: per task and view, PGR at the largest size gap with its
// interval, and whether the confidence loss beat cross-entropy there.
void writeHeadline(std::ostream& o, const std::vector<ReportRow>& rows, bool auroc) {
  std::map<std::pair<std::string, std::string>, std::vector<const ReportRow*>> byView;
  for (const auto& r : rows) {
    if (r.method != "direct" || !std::isfinite(r.sizeGap) || r.sizeGap <= 0) continue;
    byView[{r.task, r.view}].push_back(&r);
  }
  if (byView.empty()) return;
  o << "headline (" << (auroc ? "PGR on AUROC" : "PGR") << " at the largest size gap):\n";
  for (const auto& [key, members] : byView) {
    double largest = 0;
    for (const ReportRow* r : members) largest = std::max(largest, r->sizeGap);
    const ReportRow* xent = nullptr;
    const ReportRow* conf = nullptr;
    const ReportRow* any = nullptr;
    for (const ReportRow* r : members) {
      if (r->sizeGap < largest - 1e-9) continue;
      if (!any) any = r;
      if (r->loss == "xent" && !xent) xent = r;
      if (r->loss.rfind("logconf", 0) == 0 && !conf) conf = r;
    }
    const ReportRow& base = xent ? *xent : *any;
    auto pgrOf = [auroc](const ReportRow& r) -> const PgrAcrossSeeds& {
      return auroc ? r.pgrAurocSeeds : r.pgrSeeds;
    };
    o << "  " << printableText(key.second) << " (" << printableText(key.first) << "), "
      << printableText(base.weakSize) << " -> " << printableText(base.strongSize) << ", gap "
      << num(largest, 1) << ": " << printableText(base.loss) << " " << formatPgrCell(pgrOf(base))
      << " (" << base.seeds << " seeds)";
    if (xent && conf) {
      const PgrAcrossSeeds& a = pgrOf(*conf);
      const PgrAcrossSeeds& b = pgrOf(*xent);
      o << "\n    " << printableText(conf->loss) << " " << formatPgrCell(a);
      if (a.unstable || b.unstable || !std::isfinite(a.ratio) || !std::isfinite(b.ratio)) {
        o << ": no verdict (unstable)";
      } else {
        const bool overlap =
            std::isfinite(a.lo) && std::isfinite(b.lo) && a.lo <= b.hi && b.lo <= a.hi;
        o << (a.ratio > b.ratio ? ": beat xent by " : ": did not beat xent (")
          << num(std::fabs(a.ratio - b.ratio), 2) << (a.ratio > b.ratio ? "" : ")")
          << (overlap ? ", intervals overlap" : "");
      }
    }
    o << "\n";
  }
  o << "\n";
}

void writeTable(std::ostream& o, const std::vector<ReportRow>& rows, double level, bool auroc,
                bool bootstrap) {
  int fewestSeeds = 1 << 30;
  bool anyUnstable = false;
  for (const auto& r : rows) {
    fewestSeeds = std::min(fewestSeeds, r.seeds);
    anyUnstable |= (auroc ? r.pgrAurocSeeds : r.pgrSeeds).unstable;
  }
  o << "mean ± half-width of the " << num(level * 100, 0) << "% "
    << (bootstrap ? "percentile bootstrap interval" : "t-interval") << " over seeds";
  if (bootstrap && fewestSeeds < kBootstrapMinSeeds) {
    o << " (approximate: too narrow below " << kBootstrapMinSeeds << " seeds)";
  }
  o << "; no interval with one seed\n"
    << "PGR = (mean w2s - mean weak) / (mean ceiling - mean weak) over all seeds, with a "
       "delta-method interval";
  if (anyUnstable) {
    o << ";\n\"unstable\": the gap ceiling - weak is below " << num(kPgrGapFloor, 2)
      << " or twice its standard error";
  }
  if (auroc) o << "; accuracies and PGR on test AUROC";
  o << "\n";
  TextTable table({"view", "weak", "strong", "loss", "gap", auroc ? "weak auroc" : "weak acc",
                   auroc ? "ceil auroc" : "ceiling acc", auroc ? "w2s auroc" : "w2s acc",
                   auroc ? "PGR(auroc)" : "PGR", "agree a/r/w", "ECE", "n"});
  std::string task;
  for (const auto& r : rows) {
    if (r.task != task) {
      task = r.task;
      table.addLine("task " + printableText(task));
    }
    const std::string agree =
        num(r.agreeAll.mean, 2) + "/" + num(r.agreeRight.mean, 2) + "/" + num(r.agreeWrong.mean, 2);
    std::string loss = methodName(r.loss, r.method);
    if (r.method != "direct" && r.chainSteps > 1 && r.method == "bootstrap") {
      loss += "(" + std::to_string(r.chainSteps) + ")";
    }
    table.addRow({printableText(r.view), printableText(r.weakSize), printableText(r.strongSize),
                  printableText(loss), num(r.sizeGap, 1), meanPm(auroc ? r.weakAuroc : r.weakAcc),
                  meanPm(auroc ? r.ceilingAuroc : r.ceilingAcc),
                  meanPm(auroc ? r.w2sAuroc : r.w2sAcc),
                  formatPgrCell(auroc ? r.pgrAurocSeeds : r.pgrSeeds), agree, num(r.w2sEce.mean, 2),
                  std::to_string(r.seeds)});
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
  const auto rows = aggregate(collectOutcomes(store, sweepId), level, ci);
  const std::string format = a.value("format", "table");
  if (rows.empty()) {
    err << "w2s report: no finished students in this sweep yet\n";
    return format == "table" ? 0 : 1;
  }
  if (format == "csv") {
    writeSummaryCsv(out, rows);
  } else if (format == "table") {
    if (sweepId) out << "sweep " << *sweepId << "\n";
    writeHeadline(out, rows, metric == "auroc");
    writeTable(out, rows, level, metric == "auroc", ci == CiMethod::Bootstrap);
    writeMethodTables(out, rows);
    writeErrorStructureTable(out, store, sweepId, rows);
    writeProbeComboTable(out, store, sweepId, rows);
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
