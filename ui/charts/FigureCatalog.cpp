#include "ui/charts/FigureCatalog.h"

#include <stdexcept>

#include "ui/charts/figures/AccuracyFigure.h"
#include "ui/charts/figures/AgreementFigure.h"
#include "ui/charts/figures/BestFinalFigure.h"
#include "ui/charts/figures/ComparisonFigure.h"
#include "ui/charts/figures/CurvesFigure.h"
#include "ui/charts/figures/ErrorStructureFigure.h"
#include "ui/charts/figures/HeatmapFigure.h"
#include "ui/charts/figures/PgrFigure.h"
#include "ui/charts/figures/SummaryFigure.h"

namespace w2s {

const std::vector<FigureInfo>& FigureCatalog::all() {
  static const std::vector<FigureInfo> figures = {
      {"curves", "1", "Test accuracy during training"},
      {"accuracy", "2", "Accuracy vs strong size"},
      {"pgr", "3a", "PGR vs strong size"},
      {"pgr-gap", "3b", "PGR vs size gap"},
      {"agreement", "4", "Agreement with supervisor"},
      {"best-final", "5a", "Best vs final accuracy"},
      {"best-final-pgr", "5b", "Best and final PGR vs gap"},
      {"heatmap", "6", "PGR heatmap, weak × strong"},
      {"summary", "7", "Weak, naive, best method, ceiling"},
      {"error-structure", "8", "Imitation of error structures", "the sweep has no label_sources"},
      {"compare", "9", "Paired comparison of two methods",
       "the sweep has no two methods in the same cells"},
  };
  return figures;
}

const FigureInfo* FigureCatalog::find(const QString& name) {
  for (const auto& f : all()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

QString FigureCatalog::names() {
  QStringList n;
  for (const auto& f : all()) n << f.name;
  return n.join(QStringLiteral(", "));
}

ChartSpec FigureCatalog::build(const QString& name, const FigureData& data,
                               const FigureOptions& options) {
  if (name == QLatin1String("curves")) return CurvesFigure::build(data, options);
  if (name == QLatin1String("accuracy")) return AccuracyFigure::build(data, options);
  if (name == QLatin1String("pgr")) {
    return PgrFigure::build(data, options, PgrFigure::XAxis::StrongSize);
  }
  if (name == QLatin1String("pgr-gap")) {
    return PgrFigure::build(data, options, PgrFigure::XAxis::SizeGap);
  }
  if (name == QLatin1String("agreement")) return AgreementFigure::build(data, options);
  if (name == QLatin1String("best-final")) {
    return BestFinalFigure::build(data, options, BestFinalFigure::Variant::Accuracy);
  }
  if (name == QLatin1String("best-final-pgr")) {
    return BestFinalFigure::build(data, options, BestFinalFigure::Variant::Pgr);
  }
  if (name == QLatin1String("heatmap")) return HeatmapFigure::build(data, options);
  if (name == QLatin1String("summary")) return SummaryFigure::build(data, options);
  if (name == QLatin1String("error-structure")) return ErrorStructureFigure::build(data, options);
  if (name == QLatin1String("compare")) return ComparisonFigure::build(data, options);
  throw std::invalid_argument("unknown figure '" + name.toStdString() + "'; expected one of " +
                              names().toStdString());
}

}  // namespace w2s
