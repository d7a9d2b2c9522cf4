#pragma once
#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

/// Figure 3: performance gap recovered vs strong model size (log x) or vs size gap
/// log10(strong/weak params), per weak size and loss (paper Fig. 3d-f, 5). Seeds whose PGR is
/// undefined (ceiling <= weak) are omitted and counted in the legend and tooltip, never drawn.
class PgrFigure {
 public:
  enum class XAxis { StrongSize, SizeGap };
  static ChartSpec build(const FigureData& data, const FigureOptions& options, XAxis x);
};

}  // namespace w2s
