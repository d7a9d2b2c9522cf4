// `w2s compare`: a paired comparison of two methods across a sweep (docs/science.md, "Metrics").
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>
#include <tuple>

#include "core/analysis/Report.h"
#include "core/cli/Args.h"
#include "core/cli/Commands.h"
#include "core/cli/MethodTables.h"
#include "core/metrics/PairedTest.h"
#include "core/store/RunStore.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"

namespace w2s {

namespace {

using Cell = std::tuple<std::string, std::string, std::string, std::string, uint64_t>;

std::string fixed(double v, int decimals) {
  if (std::isnan(v)) return "undefined";
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << v;
  return s.str();
}

double metricOf(const StudentOutcome& o, const std::string& metric) {
  const double nan = std::nan("");
  if (metric == "pgr") return o.pgr.value_or(nan);
  if (metric == "pgr_auroc") return o.pgrAuroc.value_or(nan);
  if (metric == "pgr_best") return o.pgrBest.value_or(nan);
  if (metric == "pgr_early") return o.pgrEarly.value_or(nan);
  if (metric == "acc") return o.w2sAcc;
  if (metric == "auroc") return o.w2sAuroc;
  throw SpecError("--metric expects pgr, pgr_auroc, pgr_best, pgr_early, acc or auroc, got \"" +
                  metric + "\"");
}

// One value per (task, view, weak size, strong size, seed) for the outcomes of `name`.
std::map<Cell, double> cellsOf(const std::vector<StudentOutcome>& outcomes,
                               const std::string& name, const std::string& metric) {
  std::map<Cell, double> cells;
  for (const StudentOutcome& o : outcomes) {
    if (methodName(o.loss, o.method) != name) continue;
    const Cell key{o.task, o.view, o.weakSize, o.strongSize, o.seed};
    if (!cells.emplace(key, metricOf(o, metric)).second) {
      throw StoreError("w2s compare: \"" + name + "\" has two students for " + o.weakSize +
                       " -> " + o.strongSize + " (view " + o.view + ", seed " +
                       std::to_string(o.seed) + "); pick one sweep with --sweep ID");
    }
  }
  return cells;
}

}  // namespace

int compareCommand(const ArgList& args, std::ostream& out, std::ostream& err) {
  Args a(args, "compare", {"db", "sweep", "a", "b", "metric"});
  const auto nameA = a.value("a");
  const auto nameB = a.value("b");
  if (!nameA || !nameB) {
    throw SpecError("w2s compare: --a METHOD and --b METHOD are required (a loss label such as "
                    "xent or logconf, or LOSS+bootstrap for bootstrapped students)");
  }
  const std::string db = a.value("db", defaultDbPath());
  if (db != ":memory:" && !std::filesystem::exists(db)) {
    throw StoreError(db + ": no run store here (run a sweep first, or pass --db FILE)");
  }
  RunStore store(db);
  std::optional<int64_t> sweepId;
  if (auto v = a.value("sweep"); v && *v != "all") {
    sweepId = a.integer("sweep", 0, 1, 1 << 30);
    if (!store.sweep(*sweepId)) throw SpecError("--sweep " + *v + ": no such sweep in " + db);
  } else if (!v) {
    auto latest = store.latestSweep();
    if (!latest) throw StoreError(db + ": the store holds no sweep yet");
    sweepId = latest->id;
  }
  const std::string metric = a.value("metric", "pgr");
  const auto outcomes = collectOutcomes(store, sweepId);
  const auto cellsA = cellsOf(outcomes, *nameA, metric);
  const auto cellsB = cellsOf(outcomes, *nameB, metric);

  std::vector<double> va, vb;
  std::vector<Cell> matched;
  int unmatched = 0;
  for (const auto& [key, value] : cellsA) {
    auto it = cellsB.find(key);
    if (it == cellsB.end()) {
      ++unmatched;
      continue;
    }
    matched.push_back(key);
    va.push_back(value);
    vb.push_back(it->second);
  }
  for (const auto& kv : cellsB) unmatched += cellsA.count(kv.first) ? 0 : 1;
  if (matched.empty()) {
    err << "w2s compare: no cell (view, weak, strong, seed) has finished students of both \""
        << *nameA << "\" and \"" << *nameB << "\"\n";
    return 1;
  }
  const PairedComparison c = pairedComparison(va, vb);

  out << (sweepId ? "sweep " + std::to_string(*sweepId) : std::string("all sweeps")) << ": "
      << *nameA << " (A) vs " << *nameB << " (B) on " << metric << ", " << matched.size()
      << " matched cells";
  if (unmatched) out << ", " << unmatched << " without a partner";
  if (c.skipped) out << ", " << c.skipped << " skipped (undefined)";
  out << "\n"
      << std::left << std::setw(10) << "view" << std::setw(10) << "weak" << std::setw(10)
      << "strong" << std::setw(6) << "seed" << std::setw(11) << "A" << std::setw(11) << "B"
      << "A - B\n";
  for (size_t i = 0; i < matched.size(); ++i) {
    const auto& [task, view, weak, strong, seed] = matched[i];
    (void)task;
    out << std::left << std::setw(10) << view << std::setw(10) << weak << std::setw(10) << strong
        << std::setw(6) << seed << std::setw(11) << fixed(va[i], 3) << std::setw(11)
        << fixed(vb[i], 3) << fixed(va[i] - vb[i], 3) << "\n";
  }
  out << "median difference (A - B): " << fixed(c.medianDifference, 3)
      << "; mean: " << fixed(c.meanDifference, 3) << "; A better in " << c.wins
      << ", B better in " << c.losses << ", ties " << c.ties << " (of " << c.n << ")\n"
      << "sign test p = " << fixed(c.signP, 4) << "; Wilcoxon signed-rank p = "
      << fixed(c.wilcoxon.pValue, 4) << " (" << (c.wilcoxon.exact ? "exact" : "normal approx.")
      << ", W+ = " << fixed(c.wilcoxon.wPlus, 1) << ", W- = " << fixed(c.wilcoxon.wMinus, 1)
      << ")\n";
  return 0;
}

}  // namespace w2s
