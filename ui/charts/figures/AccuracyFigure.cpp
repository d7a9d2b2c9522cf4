#include "ui/charts/figures/AccuracyFigure.h"

#include <map>
#include <set>

#include "ui/charts/SeedBand.h"
#include "ui/charts/figures/SizeLines.h"

namespace w2s {

ChartSpec AccuracyFigure::build(const FigureData& data, const FigureOptions& options) {
  ChartSpec spec;
  spec.id = QStringLiteral("accuracy");
  spec.title = QStringLiteral("Test accuracy vs strong model size");
  spec.xTitle = QStringLiteral("strong model parameters");
  spec.yTitle = QStringLiteral("test accuracy");
  spec.logX = true;
  spec.logY = options.logY;
  spec.emptyText = QStringLiteral("No finished student with its supervisor and ceiling yet.");
  const auto outcomes = data.filtered(options);

  SizeLineRequest req;
  req.metric = QStringLiteral("w2s_acc");
  req.xName = QStringLiteral("strong_params");
  req.x = [](const StudentOutcome& o) { return static_cast<double>(o.strongParams); };
  req.y = [](const StudentOutcome& o) { return std::optional<double>(o.w2sAcc); };
  req.band = options.band;
  req.bounds = std::make_pair(0.0, 1.0);
  SizeLines::add(spec, data, outcomes, req);

  // The ceiling: one value per (strong size, seed), shared by every student of that pair; one
  // black line per strong-model variant (pretrained and scratch models of one size share an x).
  std::map<std::string, std::map<double, std::pair<std::string, std::vector<double>>>> ceilings;
  std::set<std::string> seen;
  for (const auto* o : outcomes) {
    if (!seen.insert(o->ceilingHash).second) continue;
    auto& c = ceilings[o->strongVariant][static_cast<double>(o->strongParams)];
    c.first = o->strongSize;
    c.second.push_back(o->ceilingAcc);
  }
  int variantIdx = 0;
  for (const auto& [variant, byX] : ceilings) {
    SeriesSpec line;
    line.name = QStringLiteral("ceiling (ground truth)");
    if (ceilings.size() > 1) {
      line.name = QStringLiteral("ceiling · ") +
                  (variant.empty() ? QStringLiteral("other") : QString::fromStdString(variant));
    }
    line.color = Palette::ceilingColor(false);
    line.penStyle = Palette::penStyle(variantIdx++);
    line.marker = Marker::Square;
    line.widthPt = 1.6;
    line.group = static_cast<int>(spec.series.size());
    SeriesSpec band;
    band.kind = SeriesKind::Band;
    band.name = line.name + QStringLiteral(" band");
    band.color = line.color;
    band.opacity = 0.12;
    band.inLegend = false;
    band.group = line.group;
    for (const auto& [x, c] : byX) {
      SeedBand b = SeedBand::of(c.second, options.band);
      b.lo = std::max(b.lo, 0.0);
      b.hi = std::min(b.hi, 1.0);
      if (b.n == 0) continue;
      line.points.append(QPointF(x, b.mean));
      line.pointNotes << QStringLiteral("%1 · n = %2").arg(QString::fromStdString(c.first)).arg(b.n);
      band.points.append(QPointF(x, b.hi));
      band.lower.append(QPointF(x, b.lo));
      spec.csv.rows.push_back({line.name, QString(), QString(), QString(),
                               QString::fromStdString(c.first), QString(),
                               QStringLiteral("ceiling_acc"), QStringLiteral("strong_params"),
                               SizeLines::num(x), SizeLines::num(b.mean), SizeLines::num(b.lo),
                               SizeLines::num(b.hi), QString::number(b.n), QStringLiteral("0")});
    }
    if (!line.points.isEmpty()) {
      if (options.band != BandKind::None) spec.series.push_back(std::move(band));
      spec.series.push_back(std::move(line));
    }
  }
  if (options.band != BandKind::None) spec.notes << bandKindLabel(options.band) + " over seeds";
  return spec;
}

}  // namespace w2s
