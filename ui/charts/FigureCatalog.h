#pragma once
// The figures the workbench draws, by name (the same names in the window, `w2s plot` and the
// exported file names). Each is described once, in FigureCatalog.cpp: name, number, title, the
// panel controls it reads and its builder. The figures panel, `w2s plot --list`, "export all"
// and the screenshot tour read this table. docs/extending.md: a new figure is its .h/.cpp and
// one entry here.
#include <QString>
#include <functional>
#include <vector>

#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

/// The controls of the figures panel a figure reads; the panel enables only those.
enum FigureControl : unsigned {
  kCurveControls = 1u << 0,  ///< student list, x axis, smoothing, raw points; redrawn live
  kAgreementSplit = 1u << 1,
  kCompareRow = 1u << 2,  ///< methods A and B, metric
  kLossFilter = 1u << 3,
  kSeedBand = 1u << 4,
  kLogY = 1u << 5,
  // The dimensions the figure can be split into panels by (small multiples, Facets).
  kFacetView = 1u << 6,
  kFacetLoss = 1u << 7,
  kFacetTask = 1u << 8,
  kFacetSplit = 1u << 9,
  kCurveYAxis = 1u << 10,  ///< the curves' y axis: test or train-on-given-labels accuracy
};

using FigureBuilder = std::function<ChartSpec(const FigureData&, const FigureOptions&)>;

struct FigureInfo {
  QString name;           ///< "curves", "accuracy", ...
  QString number;         ///< "1", "3b", ... (the issue's numbering)
  QString title;          ///< menu text
  unsigned controls = 0;  ///< FigureControl bits
  FigureBuilder build;
  /// For a study only some sweeps run: why "export all" skips the figure when it has nothing to
  /// plot (instead of writing empty axes). Empty: always exported.
  QString skipReason = {};
  bool inScreenshotTour = true;  ///< the window's --screenshot-dir tour shoots it
};

class FigureCatalog {
 public:
  /// Every figure in display order.
  static const std::vector<FigureInfo>& all();
  /// The figure called `name`, or nullptr.
  static const FigureInfo* find(const QString& name);
  /// "curves, accuracy, ..." for help texts and error messages.
  static QString names();
  /// Builds the named figure, in panels when options ask for them and the figure can facet
  /// (Facets::build); throws std::invalid_argument for an unknown name.
  static ChartSpec build(const QString& name, const FigureData& data, const FigureOptions& options);
};

}  // namespace w2s
