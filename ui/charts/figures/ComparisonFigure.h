#pragma once
#include <string>
#include <utility>

#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

/// Figure 9: a paired comparison of two methods across a sweep (docs/science.md, "Metrics").
/// One point per matched cell (task, view, weak size, strong size, seed): x = method B's value,
/// y = method A's, coloured and shaped by weak size, with the diagonal A = B. The notes give the
/// median and mean difference A - B, wins and losses, the sign test and the Wilcoxon signed-rank
/// p-values; the table lists every pair. The loss filter does not apply (methods are the point).
class ComparisonFigure {
 public:
  static ChartSpec build(const FigureData& data, const FigureOptions& options);
  /// The pair drawn for `options`: (A, B), defaults applied; empty strings when the data hold
  /// fewer than two methods.
  static std::pair<std::string, std::string> methods(const FigureData& data,
                                                     const FigureOptions& options);
};

}  // namespace w2s
