#pragma once
// Physical size, resolution and fonts of an exported figure, with the paper-column presets.
#include <QString>
#include <vector>

namespace w2s {

struct SizePreset {
  QString name;   ///< "icml-column"
  QString label;  ///< "ICML / AISTATS column (3.25 in)"
  double widthIn;
};

struct ExportOptions {
  double widthIn = 3.25;
  double heightIn = 0.0;  ///< 0 = widthIn / golden ratio
  int dpi = 300;          ///< PNG only
  double fontPt = 8.0;    ///< axis titles; ticks and legend 1 pt smaller
  QString fontFamily = QStringLiteral("DejaVu Sans");
  bool writeCsv = true;  ///< the plotted data as NAME.csv beside the figure

  /// The height actually used (inches).
  double height() const;
  /// Applies a named preset's width; false for an unknown name.
  bool applyPreset(const QString& name);
  /// Checks ranges; throws SpecError naming the field (width, height, dpi, font size).
  void validate() const;

  /// ICML/AISTATS 3.25/6.75 in, NeurIPS/ICLR 5.5 in, AAAI, CVPR, IEEE, Nature column widths.
  static const std::vector<SizePreset>& presets();
  /// "icml-column, icml-full, ..." for help texts.
  static QString presetNames();
};

}  // namespace w2s
