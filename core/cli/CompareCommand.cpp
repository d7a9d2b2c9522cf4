// `w2s compare`: a paired comparison of two methods across a sweep (docs/science.md, "Metrics").
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "core/analysis/MethodComparison.h"
#include "core/analysis/Report.h"
#include "core/cli/Args.h"
#include "core/cli/Commands.h"
#include "core/cli/TextTable.h"
#include "core/store/RunStore.h"
#include "core/text/Utf8.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"

namespace w2s {

namespace {

std::string fixed(double v, int decimals) {
  if (std::isnan(v)) return "undefined";
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << v;
  return s.str();
}

}  // namespace

int compareCommand(const ArgList& args, std::ostream& out, std::ostream& err) {
  Args a(args, "compare", {"db", "sweep", "a", "b", "metric"});
  const auto nameA = a.value("a");
  const auto nameB = a.value("b");
  if (!nameA || !nameB) {
    throw SpecError(
        "w2s compare: --a METHOD and --b METHOD are required (a loss label such as "
        "xent or logconf, or LOSS+bootstrap for bootstrapped students)");
  }
  const std::string metricText = a.value("metric", "pgr");
  const auto metric = outcomeMetricFromString(metricText);
  if (!metric) {
    throw SpecError("--metric expects one of " + outcomeMetricNames() + ", got \"" + metricText +
                    "\"");
  }
  const std::string db = a.value("db", defaultDbPath());
  if (db != ":memory:" && !std::filesystem::exists(db)) {
    throw StoreError(db + ": no run store here (run a sweep first, or pass --db FILE)");
  }
  RunStore store(db, RunStore::OpenMode::ReadOnly);
  std::optional<int64_t> sweepId;
  if (auto v = a.value("sweep"); v && *v != "all") {
    sweepId = a.integer("sweep", 0, 1, 1 << 30);
    if (!store.sweep(*sweepId)) throw SpecError("--sweep " + *v + ": no such sweep in " + db);
  } else if (!v) {
    auto latest = store.latestSweep();
    if (!latest) throw StoreError(db + ": the store holds no sweep yet");
    sweepId = latest->id;
  }
  const auto outcomes = collectOutcomes(store, sweepId);
  MethodComparison c;
  try {
    c = compareMethods(outcomes, CompareBy::Name, *nameA, *nameB, *metric);
  } catch (const std::invalid_argument& e) {
    throw StoreError("w2s compare: " + std::string(e.what()) + "; pick one sweep with --sweep ID");
  }
  if (c.cells.empty()) {
    std::string known;
    for (const auto& n : methodNames(outcomes)) known += (known.empty() ? "" : ", ") + n;
    err << "w2s compare: no cell (view, weak, strong, seed) has finished students of both \""
        << *nameA << "\" and \"" << *nameB
        << "\" (methods here: " << (known.empty() ? "none" : known) << ")\n";
    return 1;
  }
  const PairedComparison& s = c.stats;
  out << (sweepId ? "sweep " + std::to_string(*sweepId) : std::string("all sweeps")) << ": "
      << *nameA << " (A) vs " << *nameB << " (B) on " << metricText << ", " << c.cells.size()
      << " matched cells";
  if (c.unmatched) out << ", " << c.unmatched << " without a partner";
  if (s.skipped) out << ", " << s.skipped << " skipped (undefined, or a PGR gap below 0.01)";
  out << "\n";
  TextTable table({"view", "weak", "strong", "seed", "A", "B", "A - B"});
  for (const ComparedCell& cell : c.cells) {
    table.addRow({printableText(cell.view), printableText(cell.weakSize),
                  printableText(cell.strongSize), std::to_string(cell.seed), fixed(cell.a, 3),
                  fixed(cell.b, 3), fixed(cell.a - cell.b, 3)});
  }
  table.write(out);
  const PairedComparison& cells = c.cellStats;
  out << "cells: median difference (A - B) " << fixed(cells.medianDifference, 3) << "; mean "
      << fixed(cells.meanDifference, 3) << "; A better in " << cells.wins << ", B better in "
      << cells.losses << ", ties " << cells.ties << " (of " << cells.n << ")\n"
      << "unit of analysis: " << unitOfAnalysis(c) << "\n"
      << "clusters: median difference (A - B) " << fixed(s.medianDifference, 3) << "; mean "
      << fixed(s.meanDifference, 3) << "; A better in " << s.wins << ", B better in " << s.losses
      << ", ties " << s.ties << " (of " << s.n << ")\n"
      << "sign test p = " << fixed(s.signP, 4)
      << "; Wilcoxon signed-rank p = " << fixed(s.wilcoxon.pValue, 4) << " ("
      << (s.wilcoxon.exact ? "exact" : "normal approx.") << ", W+ = " << fixed(s.wilcoxon.wPlus, 1)
      << ", W- = " << fixed(s.wilcoxon.wMinus, 1) << ")\n";
  return 0;
}

}  // namespace w2s
