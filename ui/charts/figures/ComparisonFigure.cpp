#include "ui/charts/figures/ComparisonFigure.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "core/analysis/MethodComparison.h"
#include "ui/charts/figures/SizeLines.h"

namespace w2s {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QString pValue(double p) {
  if (std::isnan(p)) return QStringLiteral("—");
  return p < 0.001 ? QStringLiteral("< 0.001") : QString::number(p, 'f', 3);
}

// The outcomes the comparison reads: task and view filters apply, the loss filter does not.
std::vector<StudentOutcome> comparedOutcomes(const FigureData& data, const FigureOptions& options) {
  FigureOptions o = options;
  o.loss.clear();
  std::vector<StudentOutcome> out;
  for (const StudentOutcome* s : data.filtered(o)) out.push_back(*s);
  return out;
}

// Axis wording: short enough for a paper column's axis (the notes carry the full label).
QString shortLabel(OutcomeMetric m) {
  switch (m) {
    case OutcomeMetric::Pgr:
      return QStringLiteral("PGR");
    case OutcomeMetric::PgrAuroc:
      return QStringLiteral("PGR on AUROC");
    case OutcomeMetric::PgrBest:
      return QStringLiteral("PGR, oracle best");
    case OutcomeMetric::PgrEarly:
      return QStringLiteral("PGR, early stop");
    case OutcomeMetric::W2sAcc:
      return QStringLiteral("accuracy");
    case OutcomeMetric::W2sBestAcc:
      return QStringLiteral("best accuracy");
    case OutcomeMetric::W2sAuroc:
      return QStringLiteral("AUROC");
  }
  return {};
}

// The pair drawn: the chosen methods where the data hold them, else B = the first method (xent
// when present) and A = the next; empty strings when there are fewer than two.
std::pair<std::string, std::string> pairOf(const std::vector<std::string>& names,
                                           const FigureOptions& options) {
  auto known = [&](const std::string& n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  // The first method that is not `other` ("" when there is none).
  auto firstBut = [&](const std::string& other) {
    for (const auto& n : names) {
      if (n != other) return n;
    }
    return std::string();
  };
  const std::string chosenA = known(options.methodA) ? options.methodA : "";
  const std::string b = known(options.methodB) ? options.methodB : firstBut(chosenA);
  const std::string a = chosenA.empty() ? firstBut(b) : chosenA;
  if (a.empty() || b.empty()) return {};
  return {a, b};
}

}  // namespace

std::pair<std::string, std::string> ComparisonFigure::methods(const FigureData& data,
                                                              const FigureOptions& options) {
  return pairOf(methodNames(comparedOutcomes(data, options)), options);
}

ChartSpec ComparisonFigure::build(const FigureData& data, const FigureOptions& options) {
  ChartSpec spec;
  spec.id = QStringLiteral("compare");
  const QString metric = QString::fromUtf8(outcomeMetricLabel(options.compareMetric));
  spec.title = QStringLiteral("Paired comparison of two methods");
  spec.csv.header = {"task",     "view",   "weak_size", "strong_size", "seed",     "method_a",
                     "method_b", "metric", "a",         "b",           "a_minus_b"};
  const std::vector<StudentOutcome> outcomes = comparedOutcomes(data, options);
  const auto [a, b] = pairOf(methodNames(outcomes), options);
  if (a.empty()) {
    spec.emptyText = QStringLiteral(
        "Needs students of two methods (losses, or bootstrapped and direct) in the same cells.");
    return spec;
  }
  spec.title = QStringLiteral("%1 vs %2").arg(q(a), q(b));
  spec.xTitle = QStringLiteral("%1: %2").arg(q(b), shortLabel(options.compareMetric));
  spec.yTitle = QStringLiteral("%1: %2").arg(q(a), shortLabel(options.compareMetric));
  MethodComparison c;
  try {
    c = compareMethods(outcomes, CompareBy::Name, a, b, options.compareMetric);
  } catch (const std::invalid_argument& e) {
    spec.emptyText = QString::fromUtf8(e.what()) + QStringLiteral(" — pick one sweep");
    return spec;
  }
  if (c.cells.empty()) {
    spec.emptyText =
        QStringLiteral("No cell has finished students of both %1 and %2.").arg(q(a), q(b));
    return spec;
  }
  std::map<int, SeriesSpec> byWeak;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  const QString metricName = QString::fromUtf8(toString(options.compareMetric));
  for (const ComparedCell& cell : c.cells) {
    spec.csv.rows.push_back({q(cell.task), q(cell.view), q(cell.weakSize), q(cell.strongSize),
                             QString::number(cell.seed), q(a), q(b), metricName,
                             SizeLines::num(cell.a), SizeLines::num(cell.b),
                             SizeLines::num(cell.a - cell.b)});
    if (!std::isfinite(cell.a) || !std::isfinite(cell.b)) continue;
    SeriesSpec& s = SizeLines::weakScatter(byWeak, data, cell.weakSize, 5.0);
    s.points.append(QPointF(cell.b, cell.a));
    s.pointNotes << QStringLiteral("%1 → %2 · seed %3 · A − B %4")
                        .arg(q(cell.weakSize), q(cell.strongSize))
                        .arg(cell.seed)
                        .arg(SizeLines::num(cell.a - cell.b));
    // The students of both methods in this cell: a click opens their curves side by side.
    QStringList students;
    for (const StudentOutcome& o : outcomes) {
      const std::string m = methodName(o.loss, o.method);
      if (o.task == cell.task && o.view == cell.view && o.weakSize == cell.weakSize &&
          o.strongSize == cell.strongSize && o.seed == cell.seed && (m == a || m == b)) {
        students << q(o.studentHash);
      }
    }
    s.pointStudents.push_back(students);
    lo = std::min({lo, cell.a, cell.b});
    hi = std::max({hi, cell.a, cell.b});
  }
  for (auto& [idx, s] : byWeak) spec.series.push_back(std::move(s));
  SizeLines::addDiagonal(spec, lo, hi, 0.02, QStringLiteral("A = B"));
  const PairedComparison& cellStats = c.cellStats;
  const PairedComparison& st = c.stats;
  spec.notes << QStringLiteral(
                    "%1 · A = %2, B = %3 · %4 pairs · median A − B %5 (mean %6) · A "
                    "better in %7, B in %8, ties %9")
                    .arg(metric, q(a), q(b))
                    .arg(cellStats.n)
                    .arg(SizeLines::num(cellStats.medianDifference),
                         SizeLines::num(cellStats.meanDifference))
                    .arg(cellStats.wins)
                    .arg(cellStats.losses)
                    .arg(cellStats.ties);
  spec.notes << QStringLiteral(
                    "tests over %1: sign test p = %2 · Wilcoxon signed-rank p = %3 (%4) · above "
                    "the diagonal: A higher")
                    .arg(QString::fromStdString(unitOfAnalysis(c)))
                    .arg(pValue(st.signP), pValue(st.wilcoxon.pValue),
                         st.wilcoxon.exact ? QStringLiteral("exact")
                                           : QStringLiteral("normal approx."));
  if (st.skipped > 0) {
    spec.notes << QStringLiteral("%1 pairs with an undefined value omitted").arg(st.skipped);
  }
  if (c.unmatched > 0) {
    spec.notes
        << QStringLiteral("%1 students without a partner in the other method").arg(c.unmatched);
  }
  if (options.compareMetric == OutcomeMetric::PgrBest ||
      options.compareMetric == OutcomeMetric::W2sBestAcc) {
    spec.notes << QStringLiteral("best = chosen with ground truth (oracle upper bound)");
  }
  return spec;
}

}  // namespace w2s
