#include "ui/charts/figures/PgrFigure.h"

#include "ui/charts/figures/SizeLines.h"

namespace w2s {

ChartSpec PgrFigure::build(const FigureData& data, const FigureOptions& options, XAxis x) {
  ChartSpec spec;
  const bool gap = x == XAxis::SizeGap;
  spec.id = gap ? QStringLiteral("pgr-gap") : QStringLiteral("pgr");
  spec.title = gap ? QStringLiteral("Performance gap recovered vs size gap")
                   : QStringLiteral("Performance gap recovered vs strong model size");
  spec.xTitle = gap ? QStringLiteral("size gap log₁₀(strong/weak)")
                    : QStringLiteral("strong model parameters");
  spec.yTitle = QStringLiteral("PGR");
  spec.logX = !gap;
  spec.xFormat = gap ? QStringLiteral("%.1f") : QStringLiteral("%g");
  spec.emptyText = QStringLiteral("No finished student with its supervisor and ceiling yet.");

  SizeLineRequest req;
  req.metric = QStringLiteral("pgr");
  req.xName = gap ? QStringLiteral("size_gap") : QStringLiteral("strong_params");
  if (gap) {
    req.x = [](const StudentOutcome& o) { return o.sizeGap; };
  } else {
    req.x = [](const StudentOutcome& o) { return static_cast<double>(o.strongParams); };
  }
  req.y = [](const StudentOutcome& o) { return o.pgr; };
  req.pgrParts = [](const StudentOutcome& o) {
    return std::array<double, 3>{o.weakAcc, o.w2sAcc, o.ceilingAcc};
  };
  req.band = options.band;
  int sameSize = 0;
  int unstable = 0;
  const auto outcomes = FigureData::withSizeGap(data.filtered(options), &sameSize);
  const int undefined = SizeLines::add(spec, data, outcomes, req, &unstable);
  if (!spec.isEmpty()) {
    const auto [x0, x1] = SizeLines::xSpan(spec);
    SizeLines::addReference(spec, 0.0, x0, x1, QStringLiteral("PGR 0 (supervisor)"));
    SizeLines::addReference(spec, 1.0, x0, x1, QStringLiteral("PGR 1 (ceiling)"));
  }
  if (options.band != BandKind::None) spec.notes << bandKindLabel(options.band) + " over seeds";
  if (sameSize > 0) {
    spec.notes << QStringLiteral("%1 same-size students left out (no size gap; see the heatmap)")
                      .arg(sameSize);
  }
  spec.notes << QStringLiteral(
      "PGR over seeds = (mean w2s − mean weak) / (mean ceiling − mean weak)");
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

}  // namespace w2s
