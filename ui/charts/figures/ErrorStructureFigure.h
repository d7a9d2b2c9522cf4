#pragma once
#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

/// Figure 8 (paper Fig. 25-26): students of synthetic supervisors with equal accuracy but
/// different error structure (sweep `label_sources`): their agreement with the supervisor on the
/// examples the supervisor gets wrong, vs the fraction of training done. One line per label
/// source (mean over seeds) for the largest strong size and one loss; copying a structure shows
/// as agreement rising towards 1.
class ErrorStructureFigure {
 public:
  static ChartSpec build(const FigureData& data, const FigureOptions& options);
};

}  // namespace w2s
