#pragma once
// What a figure shows, as plain data: series, axes, notes and the table behind it. Figure
// builders produce a ChartSpec from the store's numbers; FigureChart turns it into a QChart (on
// screen or for export) and FigureExporter writes its table as CSV. Nothing here includes
// QtCharts, so a move to another chart library only touches FigureChart and its helpers.
#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <optional>
#include <utility>
#include <vector>

#include "ui/charts/Palette.h"

namespace w2s {

enum class SeriesKind {
  Line,     ///< polyline through `points`
  Scatter,  ///< markers only
  Band,     ///< filled area between `lower` and `points` (same x values)
};

struct SeriesSpec {
  QString name;  ///< legend text and tooltip title
  SeriesKind kind = SeriesKind::Line;
  QList<QPointF> points;  ///< sorted by x for lines and bands
  QList<QPointF> lower;   ///< bands only
  QColor color;
  Qt::PenStyle penStyle = Qt::SolidLine;
  double widthPt = 1.2;          ///< line width in points (scaled for the screen or print)
  double opacity = 1.0;          ///< < 1 for faint raw curves and bands
  Marker marker = Marker::None;  ///< lines: markers drawn on each point; scatter: shape
  double markerPt = 4.5;
  bool inLegend = true;
  /// A legend entry with no points of its own, explaining a marker or line style ("best",
  /// "final"). Other series without points (every cell unstable) get no legend entry.
  bool legendKey = false;
  /// Whether the legend lists it.
  bool listed() const { return inLegend && (legendKey || !points.isEmpty()); }
  /// Series with the same group toggle together when a legend entry is clicked (a line, its band
  /// and its markers). -1: a group of its own.
  int group = -1;
  /// Per-point extra tooltip lines (empty, or one per point), e.g. "n = 3, 1 undefined".
  QStringList pointNotes;
  /// Per-point student hashes behind the point (empty, or one list per point): clicking the
  /// point on screen opens their curves (linked views).
  std::vector<QStringList> pointStudents;
  /// The student a whole series stands for (a training curve, its raw line and markers):
  /// hovering it highlights that student's points in a linked figure (FigureChart::
  /// studentHovered, highlightStudents).
  QString student;
  /// Min/max downsampled per pixel column when it has more points than the plot has pixels.
  bool downsample = false;
};

/// PGR or similar values on a grid (figure 6). values[row * cols.size() + col].
struct HeatmapSpec {
  QStringList rows;                           ///< top to bottom
  QStringList cols;                           ///< left to right
  std::vector<std::optional<double>> values;  ///< nullopt: undefined ("—")
  std::vector<bool> present;                  ///< false: no run for this cell (left blank)
  QStringList cellNotes;                      ///< tooltip text per cell
  std::vector<QStringList> cellStudents;      ///< student hashes per cell (a click opens them)
  double lo = 0.0, hi = 1.0;                  ///< colour scale range
  QString valueName;                          ///< colour bar title
};

/// The plotted data as a table (written as CSV beside an exported figure).
struct CsvTable {
  QStringList header;
  std::vector<QStringList> rows;
};

/// The axis ranges a chart opens with (ChartSpec::fittedRanges).
struct FittedRanges {
  std::pair<double, double> x{0.0, 1.0}, y{0.0, 1.0};
  /// Some band reaches past the y range (drawn cut at the axis; the notes say so).
  bool bandsClipped = false;
};

struct ChartSpec {
  QString id;  ///< figure name, e.g. "pgr"
  QString title;
  QString xTitle, yTitle;
  bool logX = false, logY = false;
  QString xFormat = QStringLiteral("%g"), yFormat = QStringLiteral("%.2f");
  std::optional<std::pair<double, double>> xRange, yRange;  ///< default: fitted to the data
  /// Named categories on the x axis instead of numbers: category i is centred at x = i.
  QStringList xCategories;
  std::vector<SeriesSpec> series;
  std::optional<HeatmapSpec> heatmap;
  /// Small multiples (Facets): when not empty, the figure is this grid of panels, row-major,
  /// `panelColumns` wide, sharing axes and one legend; each panel's title names its cut. The
  /// outer spec keeps the title, notes and table; its own series are unused.
  std::vector<ChartSpec> panels;
  int panelColumns = 1;
  QStringList notes;  ///< shown under the title on screen (e.g. "2 undefined PGR omitted")
  QString emptyText;  ///< shown when there is nothing to plot (why)
  CsvTable csv;

  bool faceted() const { return !panels.empty(); }
  /// True when no series has a point and there is no heatmap (in any panel).
  bool isEmpty() const;
  /// xRange/yRange where set, otherwise fitted to the data. Bands never set the y range on their
  /// own: the range is fitted to the lines and markers (reference lines included) and widened
  /// for a band by at most half that span on each side; a band reaching further is clipped.
  /// Log axes show at least two labelled decades (AxisScale::padded).
  FittedRanges fittedRanges() const;
  /// A string that changes when the set of series (not their points) changes: charts with equal
  /// structure keys can be updated in place with replace().
  QString structureKey() const;
};

}  // namespace w2s
