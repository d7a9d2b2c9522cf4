#pragma once
// The user's choices that shape a figure (filters, smoothing, band kind, axes).
#include <QString>
#include <string>
#include <vector>

#include "core/analysis/MethodComparison.h"

namespace w2s {

/// Spread over seeds drawn around a mean.
enum class BandKind { Ci95, Std, MinMax, None };
/// x axis of the training curves.
enum class CurveX { Step, Epoch };
/// y axis of the training curves: test accuracy, or accuracy against the labels each job trains
/// on (a student's weak labels), on a fixed slice of its training set.
enum class CurveY { Test, TrainGivenLabels };
/// Which agreement split figure 4 draws.
enum class AgreementSplit { Every, All, SupervisorRight, SupervisorWrong };
/// A dimension small multiples split a figure by (one panel per value).
enum class FacetBy { None, View, Loss, Task, Split };

struct FigureOptions {
  std::vector<std::string> students;  ///< figure 1: student hashes to draw
  CurveX curveX = CurveX::Step;
  CurveY curveY = CurveY::Test;
  double smoothing = 0.6;  ///< de-biased EMA weight in [0, 1); 0 = raw only
  bool showRaw = true;     ///< draw the raw curve faintly beside the smoothed one
  BandKind band = BandKind::Ci95;
  std::string task;  ///< "" = every task
  std::string view;  ///< "" = every supervisor view
  std::string loss;  ///< "" = every loss
  AgreementSplit split = AgreementSplit::Every;
  bool logY = false;  ///< only where every plotted value is positive
  /// The paired comparison (figure "compare"): method names as reports print them ("xent",
  /// "logconf+bootstrap"); "" = the default pair (B = xent or the first method, A = the next).
  std::string methodA, methodB;
  OutcomeMetric compareMetric = OutcomeMetric::Pgr;
  /// Small multiples: panels in rows by `facetRows` and columns by `facetCols` (None: one
  /// dimension, or a single chart). With `facetAuto` the figure picks the split that keeps each
  /// panel under ~8 legend entries (Facets::choose) and these two are ignored.
  bool facetAuto = true;
  FacetBy facetRows = FacetBy::None;
  FacetBy facetCols = FacetBy::None;
  /// Build the table behind the figure (ChartSpec::csv). Figure 1 has a row per evaluation, a
  /// million for a long curve: the window's live redraws skip it and exports build it.
  bool table = true;
};

/// "ci95" | "std" | "minmax" | "none"; unknown text returns false.
bool bandKindFromString(const QString& text, BandKind* out);
QString bandKindName(BandKind band);
/// Legend/axis wording, e.g. "mean ± 95% CI".
QString bandKindLabel(BandKind band);
/// "view" | "loss" | "task" | "split" | "none".
QString facetName(FacetBy facet);
/// The panels choice as text: "auto", "none", "view", "view,split" (rows, columns).
QString facetChoiceName(const FigureOptions& options);
/// Parses facetChoiceName's forms into `options`; false (options unchanged) for other text.
bool facetChoiceFromString(const QString& text, FigureOptions* options);

}  // namespace w2s
