#pragma once
// Keeps a line series' full-resolution points and hands the chart only a per-pixel min/max
// selection of the visible range, re-bucketed when the x range (zoom, pan) or plot width changes.
#include <QList>
#include <QObject>
#include <QPointF>

QT_BEGIN_NAMESPACE
class QChart;
class QXYSeries;
class QTimer;
QT_END_NAMESPACE

namespace w2s {

class DownsampledSeries : public QObject {
  Q_OBJECT

 public:
  /// `series` must already be attached to `chart` and its x axis; both outlive this object
  /// (make it a child of the chart).
  DownsampledSeries(QXYSeries* series, QChart* chart, bool logX);

  /// Replaces the full data (sorted by x) and redraws at once.
  void setData(QList<QPointF> points);
  const QList<QPointF>& data() const { return full_; }
  QXYSeries* series() const { return series_; }
  /// Whether the points on screen are a selection of the data.
  bool isDownsampled() const { return downsampled_; }
  /// The nearest full-resolution point to x (for tooltips); false when empty.
  bool nearest(double x, QPointF* out) const;

 public Q_SLOTS:
  /// Recomputes the drawn points for the current x range and plot width, synchronously.
  void rebucket();
  /// Schedules rebucket() on the next event-loop turn (coalesces range and size changes).
  void scheduleRebucket();

 Q_SIGNALS:
  void downsampledChanged(bool downsampled);

 private:
  QXYSeries* series_;
  QChart* chart_;
  bool logX_;
  QList<QPointF> full_;
  bool downsampled_ = false;
  QTimer* timer_;
};

}  // namespace w2s
