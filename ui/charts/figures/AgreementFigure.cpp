#include "ui/charts/figures/AgreementFigure.h"

#include <cmath>

#include "ui/charts/figures/SizeLines.h"

namespace w2s {

ChartSpec AgreementFigure::build(const FigureData& data, const FigureOptions& options) {
  ChartSpec spec;
  spec.id = QStringLiteral("agreement");
  spec.title = QStringLiteral("Student–supervisor agreement vs strong model size");
  spec.xTitle = QStringLiteral("strong model parameters");
  spec.yTitle = QStringLiteral("agreement");
  spec.logX = true;
  spec.logY = options.logY;
  spec.emptyText = QStringLiteral("No finished student with its supervisor and ceiling yet.");
  const auto outcomes = data.filtered(options);

  struct Split {
    AgreementSplit which;
    const char* suffix;
    const char* metric;
    Qt::PenStyle style;
    double (*value)(const Agreement&);
  };
  const Split splits[] = {
      {AgreementSplit::All, " · all", "agree_all", Qt::SolidLine,
       [](const Agreement& a) { return a.all; }},
      {AgreementSplit::SupervisorRight, " · supervisor right", "agree_supervisor_right",
       Qt::DashLine, [](const Agreement& a) { return a.supervisorRight; }},
      {AgreementSplit::SupervisorWrong, " · supervisor wrong", "agree_supervisor_wrong",
       Qt::DotLine, [](const Agreement& a) { return a.supervisorWrong; }},
  };
  for (const Split& s : splits) {
    if (options.split != AgreementSplit::Every && options.split != s.which) continue;
    SizeLineRequest req;
    req.metric = QString::fromLatin1(s.metric);
    req.suffix = options.split == AgreementSplit::Every ? QString::fromUtf8(s.suffix) : QString();
    req.xName = QStringLiteral("strong_params");
    req.x = [](const StudentOutcome& o) { return static_cast<double>(o.strongParams); };
    auto value = s.value;
    // NaN (a split with no examples) is skipped by the mean, not counted as undefined.
    req.y = [value](const StudentOutcome& o) { return std::optional<double>(value(o.agree)); };
    // Twelve overlapping bands hide the lines: with every split drawn, bands are left out.
    req.band = options.split == AgreementSplit::Every ? BandKind::None : options.band;
    req.penStyle = s.style;
    req.markerByLoss = true;
    req.bounds = std::make_pair(0.0, 1.0);
    SizeLines::add(spec, data, outcomes, req);
  }
  if (options.split == AgreementSplit::Every) {
    spec.notes << QStringLiteral("solid: all · dashed: supervisor right · dotted: supervisor wrong")
               << QStringLiteral("choose one split to see the spread over seeds");
  }
  if (!spec.isEmpty()) spec.yRange = std::make_pair(0.0, 1.02);
  if (spec.logY) spec.yRange.reset();
  return spec;
}

}  // namespace w2s
