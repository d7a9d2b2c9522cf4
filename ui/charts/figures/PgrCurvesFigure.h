#pragma once
#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

/// PGR over training: each chosen student's test accuracy at every evaluation as PGR against its
/// supervisor's and its ceiling's final accuracy, (acc(t) - supervisor) / (ceiling - supervisor).
/// 0 is the supervisor, 1 the ceiling: where the student peaks (▲) and how far it then falls back
/// towards its supervisor (● final), the overfitting picture in one line per student. Grows live
/// while the students train, like figure 1 (same students, x axis and smoothing).
class PgrCurvesFigure {
 public:
  static ChartSpec build(const FigureData& data, const FigureOptions& options);
};

}  // namespace w2s
