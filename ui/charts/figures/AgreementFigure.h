#pragma once
#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

/// Figure 4: student-supervisor agreement on test vs strong model size: on all examples, where
/// the supervisor is right and where it is wrong (line styles), per loss (markers) and weak size
/// (colours) (paper Fig. 8).
class AgreementFigure {
 public:
  static ChartSpec build(const FigureData& data, const FigureOptions& options);
};

}  // namespace w2s
