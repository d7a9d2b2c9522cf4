#include "ui/charts/figures/BestFinalFigure.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "ui/charts/SeedBand.h"
#include "ui/charts/figures/SizeLines.h"

namespace w2s {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

ChartSpec buildAccuracy(const FigureData& data, const FigureOptions& options) {
  ChartSpec spec;
  spec.id = QStringLiteral("best-final");
  spec.title = QStringLiteral("Best vs final student accuracy");
  spec.xTitle = QStringLiteral("final test accuracy");
  spec.yTitle = QStringLiteral("best test accuracy");
  spec.emptyText = QStringLiteral("No finished student with its supervisor and ceiling yet.");
  spec.csv.header = {"weak_size", "strong_size",     "loss", "view", "task", "n", "final_mean",
                     "best_mean", "best_minus_final"};
  // Mean over seeds per (weak, strong, loss, view, task); one scatter series per weak size.
  using Key =
      std::tuple<int, std::string, int64_t, std::string, std::string, std::string, std::string>;
  std::map<Key, std::pair<std::vector<double>, std::vector<double>>> pairs;
  int otherMethods = 0;
  for (const auto* o : data.filtered(options)) {
    if (o->method != "direct") {  // one point per pair: other methods are not more seeds
      ++otherMethods;
      continue;
    }
    auto& p = pairs[{data.weakIndex(o->weakSize), o->weakSize, o->strongParams, o->strongSize,
                     o->loss, o->view, o->task}];
    p.first.push_back(o->w2sAcc);
    p.second.push_back(o->w2sBestAcc);
  }
  std::map<int, SeriesSpec> byWeak;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& [key, values] : pairs) {
    const auto& [weakIdx, weakSize, params, strongSize, loss, view, task] = key;
    const SeedBand fin = SeedBand::of(values.first, BandKind::None);
    const SeedBand best = SeedBand::of(values.second, BandKind::None);
    spec.csv.rows.push_back({q(weakSize), q(strongSize), q(loss), q(view), q(task),
                             QString::number(fin.n), SizeLines::num(fin.mean),
                             SizeLines::num(best.mean), SizeLines::num(best.mean - fin.mean)});
    if (fin.n == 0 || best.n == 0) continue;
    SeriesSpec& s = SizeLines::weakScatter(byWeak, data, weakSize, 5.5);
    s.points.append(QPointF(fin.mean, best.mean));
    s.pointNotes << QStringLiteral("%1 → %2 · %3 · n = %4 · best − final %5")
                        .arg(q(weakSize), q(strongSize), q(loss))
                        .arg(fin.n)
                        .arg(SizeLines::num(best.mean - fin.mean));
    lo = std::min({lo, fin.mean, best.mean});
    hi = std::max({hi, fin.mean, best.mean});
  }
  for (auto& [idx, s] : byWeak) spec.series.push_back(std::move(s));
  if (otherMethods > 0) spec.notes << QStringLiteral("direct students only");
  SizeLines::addDiagonal(spec, lo, hi, 0.01, QStringLiteral("best = final"));
  spec.notes << QStringLiteral(
      "mean over seeds · above the diagonal: accuracy fell after its best");
  return spec;
}

ChartSpec buildPgr(const FigureData& data, const FigureOptions& options) {
  ChartSpec spec;
  spec.id = QStringLiteral("best-final-pgr");
  spec.title = QStringLiteral("PGR at the best and at the final step vs size gap");
  spec.xTitle = QStringLiteral("size gap log₁₀(strong/weak)");
  spec.yTitle = QStringLiteral("PGR");
  spec.xFormat = QStringLiteral("%.1f");
  spec.emptyText = QStringLiteral("No finished student with its supervisor and ceiling yet.");
  int sameSize = 0;
  const auto outcomes = FigureData::withSizeGap(data.filtered(options), &sameSize);
  int undefined = 0;
  int unstable = 0;
  for (bool best : {false, true}) {
    SizeLineRequest req;
    req.metric = best ? QStringLiteral("pgr_best") : QStringLiteral("pgr_final");
    req.suffix = best ? QStringLiteral(" · best") : QStringLiteral(" · final");
    req.xName = QStringLiteral("size_gap");
    req.x = [](const StudentOutcome& o) { return o.sizeGap; };
    if (best) {
      req.y = [](const StudentOutcome& o) { return o.pgrBest; };
      req.pgrParts = [](const StudentOutcome& o) {
        return std::array<double, 3>{o.weakAcc, o.w2sBestAcc, o.ceilingAcc};
      };
    } else {
      req.y = [](const StudentOutcome& o) { return o.pgr; };
      req.pgrParts = [](const StudentOutcome& o) {
        return std::array<double, 3>{o.weakAcc, o.w2sAcc, o.ceilingAcc};
      };
    }
    req.band = options.band;
    req.penStyle = best ? Qt::DashLine : Qt::SolidLine;
    req.markerByLoss = true;
    undefined += SizeLines::add(spec, data, outcomes, req, &unstable);
  }
  if (!spec.isEmpty()) {
    const auto [x0, x1] = SizeLines::xSpan(spec);
    SizeLines::addReference(spec, 0.0, x0, x1, QStringLiteral("PGR 0"));
  }
  spec.notes << QStringLiteral("solid: final · dashed: best during training");
  if (sameSize > 0) {
    spec.notes << QStringLiteral("%1 same-size students left out (no size gap)").arg(sameSize);
  }
  if (unstable > 0) {
    spec.notes << QStringLiteral(
                      "%1 unstable cells omitted (ceiling − supervisor below 0.01 or twice its "
                      "standard error)")
                      .arg(unstable);
  }
  if (undefined > 0) {
    spec.notes << QStringLiteral("%1 undefined PGR (ceiling ≤ supervisor) omitted").arg(undefined);
  }
  return spec;
}

}  // namespace

ChartSpec BestFinalFigure::build(const FigureData& data, const FigureOptions& options,
                                 Variant variant) {
  return variant == Variant::Accuracy ? buildAccuracy(data, options) : buildPgr(data, options);
}

}  // namespace w2s
