#pragma once
// Small multiples: a figure split into a grid of panels, one per view, loss, task or agreement
// split (or per pair of them), sharing axes and one legend. The panels are the figure's own
// builder run once per cut with the filter set to it, so a panel is exactly the figure a user
// gets by choosing that filter. Without a choice, the split is picked to keep every panel under
// kMaxLegendEntries legend entries (the paper's figure 4 is panels, not a 36-line legend).
#include <QString>
#include <vector>

#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureCatalog.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

class Facets {
 public:
  static constexpr int kMaxLegendEntries = 8;
  static constexpr int kMaxPanels = 12;

  /// The figure as options ask: a single chart, or panels (ChartSpec::panels) when a facet is
  /// chosen (or picked automatically) that the figure supports and that has two or more values.
  static ChartSpec build(const FigureInfo& figure, const FigureData& data,
                         const FigureOptions& options);
  /// The dimensions `figure` can be split by (FigureControl kFacet* bits), in display order.
  static std::vector<FacetBy> dimensions(const FigureInfo& figure);
  /// The values of `dim` among the outcomes `options` lets through ("clean", "noisy"; for the
  /// split: "all", "supervisor right", "supervisor wrong", or the one chosen).
  static QStringList values(FacetBy dim, const FigureData& data, const FigureOptions& options);
  /// The automatic choice for `figure`: rows and columns (None when unused); {None, None} when
  /// one chart already has at most kMaxLegendEntries legend entries or nothing splits it.
  static std::pair<FacetBy, FacetBy> choose(const FigureInfo& figure, const FigureData& data,
                                            const FigureOptions& options);
  /// Series a reader must tell apart in one chart (or across the panels): distinct legend
  /// names, counts of undefined values left aside. A line with nothing to draw (every cell
  /// unstable) counts: it is a cut of the experiment all the same.
  static int legendEntries(const ChartSpec& spec);
  /// The series of the shared legend of `spec`: its panels' entries, one per name.
  static std::vector<SeriesSpec> sharedLegend(const ChartSpec& spec);
};

}  // namespace w2s
