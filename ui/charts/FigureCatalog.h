#pragma once
// The figures the workbench draws, by name (the same names in the window, `w2s plot` and the
// exported file names).
#include <QString>
#include <vector>

#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

struct FigureInfo {
  QString name;    ///< "curves", "accuracy", ...
  QString number;  ///< "1", "3b", ... (the issue's numbering)
  QString title;   ///< menu text
  /// For a study only some sweeps run: why "export all" skips the figure when it has nothing to
  /// plot (instead of writing empty axes). Empty: always exported.
  QString skipReason = {};
};

class FigureCatalog {
 public:
  /// Every figure in display order.
  static const std::vector<FigureInfo>& all();
  /// The figure called `name`, or nullptr.
  static const FigureInfo* find(const QString& name);
  /// "curves, accuracy, ..." for help texts and error messages.
  static QString names();
  /// Builds the named figure; throws std::invalid_argument for an unknown name.
  static ChartSpec build(const QString& name, const FigureData& data, const FigureOptions& options);
};

}  // namespace w2s
