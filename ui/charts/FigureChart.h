#pragma once
// A ChartSpec as a QChart: axes (linear, log or categories), series with their bands and markers,
// per-pixel downsampling, hover tooltips, legend entries that toggle their series. The same
// class draws the on-screen figure and the one rendered for export (with a print FigureStyle).
#include <QtCharts/QChart>
#include <vector>

#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureStyle.h"

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QGraphicsSimpleTextItem;
class QAreaSeries;
class QScatterSeries;
class QXYSeries;
QT_END_NAMESPACE

namespace w2s {

class DownsampledSeries;
class HeatmapItem;
class PrintLegendItem;

class FigureChart : public QChart {
  Q_OBJECT

 public:
  FigureChart(const ChartSpec& spec, const FigureStyle& style, QGraphicsItem* parent = nullptr);

  /// Replaces every series' points in place (series->replace) when `spec` has the same structure
  /// (ChartSpec::structureKey); keeps zoom and hidden series. Returns false, changing nothing,
  /// when the structure differs: build a new chart then.
  bool updateData(ChartSpec spec);
  /// True when updateData(spec) would replace points in place (same series, same axes).
  bool sameStructure(const ChartSpec& spec) const;
  /// Re-downsamples every long series for the current x range and plot width, synchronously
  /// (export calls it after layout; the screen does it on zoom and resize by itself).
  void rebucket();
  /// Fits the axes to the data again and forgets the user's zoom.
  void fitToData();
  /// Set by the view when the user zooms or pans: live updates then keep the axes' ranges.
  void setUserZoomed(bool zoomed) { userZoomed_ = zoomed; }
  bool userZoomed() const { return userZoomed_; }

  const ChartSpec& spec() const { return spec_; }
  /// The spec as the user sees it now, for export: hidden series dropped, a zoomed range kept.
  ChartSpec exportSpec() const;
  const FigureStyle& style() const { return style_; }
  /// Whether any series currently shows fewer points than it has.
  bool isDownsampled() const;
  /// Points handed to QtCharts for spec series `index` (after downsampling).
  qsizetype drawnPointCount(size_t index) const;
  /// Toggles the legend group of spec series `index`, as clicking its legend entry does.
  void toggleGroup(size_t index);
  bool isSeriesVisible(size_t index) const;
  /// The hover text for spec series `index` near data point `point` (nearest stored point).
  QString tooltipText(size_t index, const QPointF& point) const;
  /// A click at `position` (chart item coordinates): when a point standing for students is
  /// drawn within a few pixels, emits studentsClicked with them and returns true.
  bool clickAt(const QPointF& position);
  /// Rings every drawn point that stands for one of these students (SeriesSpec::pointStudents)
  /// in an overlay that is not part of the spec (no legend entry, not exported); an empty list
  /// removes the rings. Kept across updateData.
  void highlightStudents(const QStringList& hashes);
  /// The points ringed now.
  QList<QPointF> highlightedPoints() const;

 Q_SIGNALS:
  /// A point standing for students was clicked: open their curves.
  void studentsClicked(const QStringList& hashes);
  /// The pointer entered (`on`) or left a series that stands for one student (SeriesSpec::
  /// student), e.g. a training curve.
  void studentHovered(const QString& hash, bool on);

 public:
  /// The notes line shown under the title (filters, band, undefined counts, downsampling).
  QString notesText() const;
  /// The heatmap item (figure 6), or nullptr.
  HeatmapItem* heatmapItem() const { return heatmap_; }

 protected:
  void resizeEvent(QGraphicsSceneResizeEvent* event) override;

 private:
  struct Entry {
    QXYSeries* series = nullptr;        ///< line or scatter (nullptr for bands)
    QScatterSeries* markers = nullptr;  ///< markers on a line
    QAreaSeries* area = nullptr;        ///< bands
    DownsampledSeries* downsampled = nullptr;
  };
  void setupAxes();
  void addEntry(size_t index);
  void setPoints(size_t index);
  void applyRanges();
  void updateTitle();
  void updateLegendLook();
  int groupOf(size_t index) const;
  bool inLegend(size_t index) const;
  QColor colorOf(const SeriesSpec& s) const;
  void tickAxis(QAbstractAxis* axis);
  QList<QPointF> usable(const QList<QPointF>& points) const;
  /// Index of the stored point of series `index` nearest to `point` (x scaled like the axis).
  qsizetype nearestIndex(size_t index, const QPointF& point) const;

  ChartSpec spec_;
  FigureStyle style_;
  std::vector<Entry> entries_;
  QAbstractAxis* xAxis_ = nullptr;
  QAbstractAxis* yAxis_ = nullptr;
  HeatmapItem* heatmap_ = nullptr;
  PrintLegendItem* printLegend_ = nullptr;  ///< print style: replaces QLegend
  QMargins baseMargins_;
  bool userZoomed_ = false;
  bool bandsClipped_ = false;
  /// Export only (no notes there): says in the plot's corner that bands were clipped.
  QGraphicsSimpleTextItem* clipLabel_ = nullptr;
  /// highlightStudents' rings (created on first use) and the students they stand for.
  QScatterSeries* highlight_ = nullptr;
  QStringList highlighted_;
  void updateHighlight();
};

}  // namespace w2s
