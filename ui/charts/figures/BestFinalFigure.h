#pragma once
#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

/// Figure 5 (paper Fig. 7b-c): what early stopping would have gained.
///  Accuracy: best-over-training vs final test accuracy of each (weak, strong) pair, with the
///  diagonal best = final (points above it overfit the weak labels late in training).
///  Pgr: PGR on best (dashed) and final (solid) accuracy vs size gap, per weak size.
class BestFinalFigure {
 public:
  enum class Variant { Accuracy, Pgr };
  static ChartSpec build(const FigureData& data, const FigureOptions& options, Variant variant);
};

}  // namespace w2s
