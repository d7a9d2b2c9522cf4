#pragma once
#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

/// Figure 1: test accuracy vs training step (or epoch) of chosen students (paper Fig. 7a/13),
/// with their supervisor's and ceiling's final accuracy as horizontal references, the de-biased
/// EMA over the full-resolution curve (raw drawn faintly beside it), best and final marked.
class CurvesFigure {
 public:
  static ChartSpec build(const FigureData& data, const FigureOptions& options);
};

}  // namespace w2s
