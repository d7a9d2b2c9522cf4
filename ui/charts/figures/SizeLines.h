#pragma once
// The building block of the size figures (2-5): one line per (weak size, loss, view, task) over a
// size axis, mean over seeds with a band, undefined values counted and omitted, plus CSV rows.
#include <QString>
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

struct SizeLineRequest {
  QString metric;  ///< CSV value name, e.g. "pgr"
  QString suffix;  ///< appended to series names, e.g. " (best)"
  QString xName;   ///< CSV x column name, e.g. "strong_params"
  std::function<double(const StudentOutcome&)> x;
  /// nullopt = undefined for this seed (counted, not averaged); NaN = no value (skipped).
  std::function<std::optional<double>(const StudentOutcome&)> y;
  BandKind band = BandKind::Ci95;
  /// Pen style: by loss (default) or this fixed style.
  std::optional<Qt::PenStyle> penStyle;
  bool markerByLoss = false;  ///< markers by loss instead of by weak size
  double widthPt = 1.3;
  /// Bounds of the metric (accuracy, agreement: [0, 1]): a band is clipped to them, since a
  /// t-interval over two seeds can reach past what the metric can take.
  std::optional<std::pair<double, double>> bounds;
  /// PGR lines: (weak, w2s, ceiling) accuracies of a student. When set, a point is the ratio of
  /// mean gains over its seeds (pgrAcrossSeeds, docs/science.md), its ci95 band the
  /// delta-method interval, and an unstable cell is not drawn but counted — the same rule as
  /// the report's tables. `y` still gives the per-seed values the other bands use.
  std::function<std::array<double, 3>(const StudentOutcome&)> pgrParts;
};

class SizeLines {
 public:
  /// Adds lines (+ bands) for `outcomes` to `spec` and rows to spec.csv (header set on first use).
  /// Returns the number of seeds whose value was undefined (omitted from the means); adds the
  /// number of unstable PGR cells left out to `*unstable` when given.
  static int add(ChartSpec& spec, const FigureData& data,
                 const std::vector<const StudentOutcome*>& outcomes, const SizeLineRequest& req,
                 int* unstable = nullptr);
  /// A thin grey horizontal reference line across [x0, x1] (not in the legend).
  static void addReference(ChartSpec& spec, double y, double x0, double x1, const QString& name);
  /// The scatter series of `weakSize` in `byWeak` (keyed by palette index), created on first use
  /// with the size's colour and marker and the name "weak SIZE".
  /// The scatter series `index` of `series`, created on first use with that index's colour and
  /// marker and the given name.
  static SeriesSpec& scatter(std::map<int, SeriesSpec>& series, int index, const QString& name,
                             double markerPt);
  static SeriesSpec& weakScatter(std::map<int, SeriesSpec>& byWeak, const FigureData& data,
                                 const std::string& weakSize, double markerPt);
  /// The diagonal y = x (a reference line named `name`) over [lo, hi] padded by 5% (at least
  /// `minPad`), with both axes set to that range. Nothing when lo > hi (no points).
  static void addDiagonal(ChartSpec& spec, double lo, double hi, double minPad,
                          const QString& name);
  /// Formats a number for tooltips and CSV: 4 significant digits, "" for NaN.
  static QString num(double v);
  /// The x span of all points in `spec` (for reference lines); {0, 1} when empty.
  static std::pair<double, double> xSpan(const ChartSpec& spec);
};

}  // namespace w2s
