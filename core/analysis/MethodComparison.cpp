#include "core/analysis/MethodComparison.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>
#include <tuple>

namespace w2s {

namespace {

using CellKey =
    std::tuple<std::string, std::string, std::string, std::string, std::string, uint64_t>;

struct CellValue {
  double value;
  int64_t weakParams, strongParams;
};

std::string sideOf(const StudentOutcome& o, CompareBy by) {
  switch (by) {
    case CompareBy::Loss:
      return o.loss;
    case CompareBy::Method:
      return o.method;
    case CompareBy::Name:
      return methodName(o.loss, o.method);
  }
  return {};
}

std::string sharedOf(const StudentOutcome& o, CompareBy by) {
  switch (by) {
    case CompareBy::Loss:
      return o.method;
    case CompareBy::Method:
      return o.loss;
    case CompareBy::Name:
      return {};
  }
  return {};
}

std::map<CellKey, CellValue> cellsOf(const std::vector<StudentOutcome>& outcomes, CompareBy by,
                                     const std::string& method, OutcomeMetric m) {
  std::map<CellKey, CellValue> cells;
  for (const StudentOutcome& o : outcomes) {
    if (sideOf(o, by) != method) continue;
    const CellKey key{o.task, o.view, o.weakSize, o.strongSize, sharedOf(o, by), o.seed};
    if (!cells.emplace(key, CellValue{outcomeValue(o, m), o.weakParams, o.strongParams}).second) {
      throw std::invalid_argument("method comparison: " + method + " has two outcomes for task " +
                                  o.task + ", view " + o.view + ", " + o.weakSize + " -> " +
                                  o.strongSize + ", seed " + std::to_string(o.seed));
    }
  }
  return cells;
}

}  // namespace

const std::vector<OutcomeMetric>& allOutcomeMetrics() {
  static const std::vector<OutcomeMetric> all = {OutcomeMetric::Pgr,     OutcomeMetric::PgrAuroc,
                                                 OutcomeMetric::PgrBest, OutcomeMetric::PgrEarly,
                                                 OutcomeMetric::W2sAcc,  OutcomeMetric::W2sBestAcc,
                                                 OutcomeMetric::W2sAuroc};
  return all;
}

const char* toString(OutcomeMetric m) {
  switch (m) {
    case OutcomeMetric::Pgr:
      return "pgr";
    case OutcomeMetric::PgrAuroc:
      return "pgr_auroc";
    case OutcomeMetric::PgrBest:
      return "pgr_best";
    case OutcomeMetric::PgrEarly:
      return "pgr_early";
    case OutcomeMetric::W2sAcc:
      return "acc";
    case OutcomeMetric::W2sBestAcc:
      return "best_acc";
    case OutcomeMetric::W2sAuroc:
      return "auroc";
  }
  return "?";
}

std::string outcomeMetricNames() {
  std::string names;
  for (OutcomeMetric m : allOutcomeMetrics()) {
    names += (names.empty() ? "" : ", ") + std::string(toString(m));
  }
  return names;
}

const char* outcomeMetricLabel(OutcomeMetric m) {
  switch (m) {
    case OutcomeMetric::Pgr:
      return "PGR (final accuracy)";
    case OutcomeMetric::PgrAuroc:
      return "PGR (test AUROC)";
    case OutcomeMetric::PgrBest:
      return "PGR (best accuracy, oracle)";
    case OutcomeMetric::PgrEarly:
      return "PGR (early stop by weak agreement)";
    case OutcomeMetric::W2sAcc:
      return "final test accuracy";
    case OutcomeMetric::W2sBestAcc:
      return "best test accuracy (oracle)";
    case OutcomeMetric::W2sAuroc:
      return "test AUROC";
  }
  return "?";
}

std::optional<OutcomeMetric> outcomeMetricFromString(const std::string& text) {
  for (OutcomeMetric m : allOutcomeMetrics()) {
    if (text == toString(m)) return m;
  }
  return std::nullopt;
}

double outcomeValue(const StudentOutcome& o, OutcomeMetric m) {
  const double nan = std::nan("");
  // A student's PGR over a gap below kPgrGapFloor is any number: left out like an undefined one
  // (the floor of the report's unstable rule; docs/science.md).
  const bool accGap = o.ceilingAcc - o.weakAcc >= kPgrGapFloor;
  const bool aurocGap = o.ceilingAuroc - o.weakAuroc >= kPgrGapFloor;
  switch (m) {
    case OutcomeMetric::Pgr:
      return accGap ? o.pgr.value_or(nan) : nan;
    case OutcomeMetric::PgrAuroc:
      return aurocGap ? o.pgrAuroc.value_or(nan) : nan;
    case OutcomeMetric::PgrBest:
      return accGap ? o.pgrBest.value_or(nan) : nan;
    case OutcomeMetric::PgrEarly:
      return accGap ? o.pgrEarly.value_or(nan) : nan;
    case OutcomeMetric::W2sAcc:
      return o.w2sAcc;
    case OutcomeMetric::W2sBestAcc:
      return o.w2sBestAcc;
    case OutcomeMetric::W2sAuroc:
      return o.w2sAuroc;
  }
  return nan;
}

std::vector<std::string> methodNames(const std::vector<StudentOutcome>& outcomes) {
  std::vector<std::string> names;
  for (const StudentOutcome& o : outcomes) {
    const std::string n = methodName(o.loss, o.method);
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  }
  auto xent = std::find(names.begin(), names.end(), "xent");
  if (xent != names.end()) std::rotate(names.begin(), xent, xent + 1);
  return names;
}

MethodComparison compareMethods(const std::vector<StudentOutcome>& outcomes, CompareBy by,
                                const std::string& methodA, const std::string& methodB,
                                OutcomeMetric metric) {
  MethodComparison c;
  c.by = by;
  c.methodA = methodA;
  c.methodB = methodB;
  c.metric = metric;
  const auto a = cellsOf(outcomes, by, methodA, metric);
  const auto b = cellsOf(outcomes, by, methodB, metric);
  std::vector<double> va, vb;
  for (const auto& [key, value] : a) {
    auto it = b.find(key);
    if (it == b.end()) {
      ++c.unmatched;
      continue;
    }
    ComparedCell cell;
    std::tie(cell.task, cell.view, cell.weakSize, cell.strongSize, cell.shared, cell.seed) = key;
    cell.weakParams = value.weakParams;
    cell.strongParams = value.strongParams;
    cell.a = value.value;
    cell.b = it->second.value;
    c.cells.push_back(cell);
  }
  for (const auto& [key, value] : b) c.unmatched += a.count(key) ? 0 : 1;
  // Sizes by parameter count, not by name ("w16" before "w128").
  std::stable_sort(
      c.cells.begin(), c.cells.end(), [](const ComparedCell& x, const ComparedCell& y) {
        return std::tie(x.task, x.view, x.weakParams, x.strongParams, x.shared, x.seed) <
               std::tie(y.task, y.view, y.weakParams, y.strongParams, y.shared, y.seed);
      });
  // Clusters in order of first appearance in the sorted cells.
  using ClusterKey = std::tuple<std::string, std::string, std::string, uint64_t>;
  std::map<ClusterKey, size_t> clusterIndex;
  std::vector<std::pair<std::vector<double>, std::vector<double>>> clusterValues;
  for (const ComparedCell& cell : c.cells) {
    va.push_back(cell.a);
    vb.push_back(cell.b);
    if (!std::isfinite(cell.a) || !std::isfinite(cell.b)) continue;
    const ClusterKey key{cell.task, cell.view, cell.weakSize, cell.seed};
    auto [it, added] = clusterIndex.emplace(key, clusterValues.size());
    if (added) clusterValues.emplace_back();
    clusterValues[it->second].first.push_back(cell.a);
    clusterValues[it->second].second.push_back(cell.b);
  }
  c.cellStats = pairedComparison(va, vb);
  std::vector<double> ca, cb;
  for (const auto& [a, b] : clusterValues) {
    ca.push_back(std::accumulate(a.begin(), a.end(), 0.0) / static_cast<double>(a.size()));
    cb.push_back(std::accumulate(b.begin(), b.end(), 0.0) / static_cast<double>(b.size()));
  }
  c.clusters = static_cast<int>(ca.size());
  c.stats = pairedComparison(ca, cb);
  c.stats.skipped = c.cellStats.skipped;  // cells left out for an undefined value
  return c;
}

std::string unitOfAnalysis(const MethodComparison& c) {
  return std::to_string(c.clusters) + " cluster" + (c.clusters == 1 ? "" : "s") +
         " (weak model x seed; cells sharing weak labels averaged)";
}

}  // namespace w2s
