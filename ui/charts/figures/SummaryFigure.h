#pragma once
#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

/// Figure 7 (paper Fig. 2): per task, bars for the weak supervisor, naive weak-to-strong
/// (direct students, plain cross-entropy), the best method the store holds for the same pair
/// (any loss or method, by mean final test accuracy: picked with ground truth, an upper bound,
/// and labelled so) and the strong ceiling. The pair shown is the
/// task's largest gap: its smallest weak size and largest strong size.
class SummaryFigure {
 public:
  static ChartSpec build(const FigureData& data, const FigureOptions& options);
};

}  // namespace w2s
