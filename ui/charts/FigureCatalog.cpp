#include "ui/charts/FigureCatalog.h"

#include <stdexcept>

#include "ui/charts/Facets.h"
#include "ui/charts/figures/AccuracyFigure.h"
#include "ui/charts/figures/AgreementFigure.h"
#include "ui/charts/figures/BestFinalFigure.h"
#include "ui/charts/figures/ComparisonFigure.h"
#include "ui/charts/figures/CurvesFigure.h"
#include "ui/charts/figures/ErrorStructureFigure.h"
#include "ui/charts/figures/HeatmapFigure.h"
#include "ui/charts/figures/MisfitGainFigure.h"
#include "ui/charts/figures/PgrCurvesFigure.h"
#include "ui/charts/figures/PgrFigure.h"
#include "ui/charts/figures/SummaryFigure.h"

namespace w2s {

namespace {

// The controls most figures over sizes read: the loss filter, the seed band and (for positive
// quantities) a log y axis.
constexpr unsigned kOverSizes = kLossFilter | kSeedBand;
// Small multiples of a figure over sizes: one panel per view, loss or task.
constexpr unsigned kFacets = kFacetView | kFacetLoss | kFacetTask;

}  // namespace

const std::vector<FigureInfo>& FigureCatalog::all() {
  using P = PgrFigure;
  using B = BestFinalFigure;
  static const std::vector<FigureInfo> figures = {
      {"curves", "1", "Test accuracy during training",
       kCurveControls | kCurveYAxis | kLossFilter | kLogY, CurvesFigure::build},
      {"pgr-curves", "1b", "PGR over training", kCurveControls, PgrCurvesFigure::build},
      {"accuracy", "2", "Accuracy vs strong size", kOverSizes | kLogY | kFacets,
       AccuracyFigure::build},
      // PGR can be negative: a log axis would drop those points.
      {"pgr", "3a", "PGR vs strong size", kOverSizes | kFacets,
       [](const FigureData& d, const FigureOptions& o) {
         return P::build(d, o, P::XAxis::StrongSize);
       }},
      {"pgr-gap",
       "3b",
       "PGR vs size gap",
       kOverSizes | kFacets,
       [](const FigureData& d, const FigureOptions& o) {
         return P::build(d, o, P::XAxis::SizeGap);
       },
       {},
       false},
      {"agreement", "4", "Agreement with supervisor",
       kOverSizes | kLogY | kAgreementSplit | kFacets | kFacetSplit, AgreementFigure::build},
      {"best-final", "5a", "Best vs final accuracy", kLossFilter | kFacets,
       [](const FigureData& d, const FigureOptions& o) {
         return B::build(d, o, B::Variant::Accuracy);
       }},
      {"best-final-pgr",
       "5b",
       "Best and final PGR vs gap",
       kOverSizes | kFacets,
       [](const FigureData& d, const FigureOptions& o) { return B::build(d, o, B::Variant::Pgr); },
       {},
       false},
      {"heatmap", "6", "PGR heatmap, weak × strong", kOverSizes, HeatmapFigure::build},
      // The summary compares losses inside each panel: no loss panels.
      {"summary", "7", "Weak, naive, best method, ceiling", kOverSizes | kFacetView | kFacetTask,
       SummaryFigure::build},
      {"error-structure", "8", "Imitation of error structures", kOverSizes,
       ErrorStructureFigure::build, "the sweep has no label_sources", false},
      // The comparison is across losses and methods: no loss filter.
      {"compare", "9", "Paired comparison of two methods", kCompareRow, ComparisonFigure::build,
       "the sweep has no two methods in the same cells"},
      {"misfit-gain", "10", "Gain vs misfit (squared loss)", kLossFilter | kFacets,
       [](const FigureData& d, const FigureOptions& o) {
         return MisfitGainFigure::build(d, o, MisfitGainFigure::Measure::Squared);
       },
       "no direct student has stored test probabilities of itself and its supervisor"},
      {"misfit-gain-kl", "10b", "Gain vs misfit (KL)", kLossFilter | kFacets,
       [](const FigureData& d, const FigureOptions& o) {
         return MisfitGainFigure::build(d, o, MisfitGainFigure::Measure::Kl);
       },
       "no direct student has stored test probabilities of itself and its supervisor", false},
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
  if (const FigureInfo* f = find(name)) return Facets::build(*f, data, options);
  throw std::invalid_argument("unknown figure '" + name.toStdString() + "'; expected one of " +
                              names().toStdString());
}

}  // namespace w2s
