#pragma once
#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

/// Figure 2: test accuracy of weak-to-strong students vs strong model size (log x), one line per
/// weak size (mean over seeds with a band), the strong ceiling in black (paper Fig. 3a-c).
class AccuracyFigure {
 public:
  static ChartSpec build(const FigureData& data, const FigureOptions& options);
};

}  // namespace w2s
