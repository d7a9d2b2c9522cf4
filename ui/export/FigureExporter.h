#pragma once
// Paper-ready files of a figure: vector PDF (exact page size, embedded fonts) and SVG (text kept
// as text), PNG at a chosen dpi, and the plotted data as CSV beside them. The figure is laid out
// on a separate chart with print fonts, so the on-screen chart is never touched.
#include <QImage>
#include <QString>

#include "ui/charts/ChartSpec.h"
#include "ui/export/ExportOptions.h"

namespace w2s {

class FigureExporter {
 public:
  enum class Format { Pdf, Svg, Png };

  /// Format from the file suffix (.pdf, .svg, .png; case-insensitive); throws SpecError otherwise.
  static Format formatFor(const QString& path);
  /// Writes the figure to `path` and, when options.writeCsv, its table to csvPathFor(path).
  /// Throws Error naming the file when it cannot be written.
  static void exportFigure(const ChartSpec& spec, const QString& path,
                           const ExportOptions& options);
  /// The PNG image exportFigure would write (width × height inches × dpi pixels).
  static QImage renderImage(const ChartSpec& spec, const ExportOptions& options);
  /// RFC 4180 CSV (UTF-8, quoted where needed). Throws Error naming the file.
  static void writeCsv(const CsvTable& table, const QString& path);
  /// The same CSV as text (for the clipboard).
  static QString csvText(const CsvTable& table);
  /// "dir/fig.pdf" -> "dir/fig.csv".
  static QString csvPathFor(const QString& figurePath);

  /// Layout units per inch of the print layout (fonts and lines are sized in these).
  static constexpr double kUnitsPerInch = 288.0;
};

}  // namespace w2s
