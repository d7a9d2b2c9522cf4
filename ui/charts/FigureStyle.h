#pragma once
// How a figure is dressed: fonts, line widths and colours, for the screen or for print.
#include <QColor>
#include <QFont>
#include <QString>

namespace w2s {

struct FigureStyle {
  bool print = false;     ///< export: white background, no title/notes, fonts in layout units
  bool dark = false;      ///< screen follows a dark application palette
  QString fontFamily;     ///< "" = the application's font
  double labelPt = 9.0;   ///< axis titles
  double tickPt = 8.0;    ///< tick labels
  double legendPt = 8.0;  ///< legend entries
  double titlePt = 10.0;
  double lineScale = 1.0;  ///< multiplies every series' widthPt / markerPt
  /// Layout units per point. Screen: device-independent pixels (96/72). Print: the chart is laid
  /// out in units of 1/unitsPerPt pt and every font is given as a pixel size in those units, so
  /// the layout does not depend on any screen's DPI.
  double unitsPerPt = 96.0 / 72.0;
  bool showTitle = true;
  bool showNotes = true;
  /// False for the panels of small multiples: they share one legend drawn beside the grid.
  bool showLegend = true;

  /// The on-screen style; `dark` from the application palette when not forced.
  static FigureStyle screen();
  /// Print style: text of `fontPt` (ticks and legend 1 pt smaller), `family`, laid out at
  /// `unitsPerInch` layout units per inch.
  static FigureStyle printStyle(double fontPt, const QString& family, double unitsPerInch);

  /// A length in points as layout units.
  double px(double pt) const { return pt * unitsPerPt; }
  /// A font of `pt` points in this style.
  QFont font(double pt) const;
  QColor foreground() const;  ///< axis, text
  QColor background() const;
  QColor gridColor() const;
};

}  // namespace w2s
