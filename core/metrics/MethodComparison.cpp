#include "core/metrics/MethodComparison.h"

#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

namespace w2s {

namespace {

using CellKey =
    std::tuple<std::string, std::string, std::string, std::string, std::string, uint64_t>;

double valueOf(const StudentOutcome& o, OutcomeMetric m) {
  switch (m) {
    case OutcomeMetric::Pgr:
      return o.pgr.value_or(std::nan(""));
    case OutcomeMetric::PgrBest:
      return o.pgrBest.value_or(std::nan(""));
    case OutcomeMetric::W2sAcc:
      return o.w2sAcc;
    case OutcomeMetric::W2sBestAcc:
      return o.w2sBestAcc;
  }
  return std::nan("");
}

std::map<CellKey, double> cellsOf(const std::vector<StudentOutcome>& outcomes, CompareBy by,
                                  const std::string& method, OutcomeMetric m) {
  std::map<CellKey, double> cells;
  for (const StudentOutcome& o : outcomes) {
    const bool byLoss = by == CompareBy::Loss;
    if ((byLoss ? o.loss : o.method) != method) continue;
    const CellKey key{o.task, o.view, o.weakSize, o.strongSize, byLoss ? o.method : o.loss, o.seed};
    if (!cells.emplace(key, valueOf(o, m)).second) {
      throw std::invalid_argument("method comparison: " + method + " has two outcomes for task " +
                                  o.task + ", view " + o.view + ", " + o.weakSize + " -> " +
                                  o.strongSize + ", seed " + std::to_string(o.seed));
    }
  }
  return cells;
}

}  // namespace

const char* toString(OutcomeMetric m) {
  switch (m) {
    case OutcomeMetric::Pgr:
      return "pgr";
    case OutcomeMetric::PgrBest:
      return "pgr_best";
    case OutcomeMetric::W2sAcc:
      return "w2s_acc";
    case OutcomeMetric::W2sBestAcc:
      return "w2s_best_acc";
  }
  return "?";
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
    cell.a = value;
    cell.b = it->second;
    c.cells.push_back(cell);
    va.push_back(value);
    vb.push_back(it->second);
  }
  for (const auto& [key, value] : b) c.unmatched += a.count(key) ? 0 : 1;
  c.stats = pairedComparison(va, vb);
  return c;
}

}  // namespace w2s
