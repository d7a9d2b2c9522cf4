#pragma once
#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

/// Figure 10 (docs/science.md, "Misfit and gain"): each direct student's gain over its
/// supervisor against its misfit to it, one point per student coloured by weak size, with the
/// line gain = misfit (the papers' bound: points on or above it). The notes give Pearson's r,
/// the least-squares slope, the share above the line and how well ranking the weak models by
/// misfit alone picks the best student (Spearman). Squared: the squared-loss pair; Kl: the KL
/// pair.
class MisfitGainFigure {
 public:
  enum class Measure { Squared, Kl };
  static ChartSpec build(const FigureData& data, const FigureOptions& options, Measure measure);
};

}  // namespace w2s
