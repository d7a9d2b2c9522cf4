#pragma once
#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

/// Figure 6: mean PGR over seeds on a weak size × strong size grid for one loss and one view
/// (the filters, else the first of each). Undefined cells show "—"; pairs never run stay blank.
class HeatmapFigure {
 public:
  static ChartSpec build(const FigureData& data, const FigureOptions& options);
};

}  // namespace w2s
