#pragma once
// The interactive view of a FigureChart: rubber-band zoom, wheel zoom around the cursor, pan
// (middle button, or Shift + left button, or the arrow keys), reset (double click, R, Home); a
// click on a point standing for students opens their curves (FigureChart::studentsClicked).
#include <QtCharts/QChartView>

namespace w2s {

class FigureChart;

class ChartView : public QChartView {
  Q_OBJECT

 public:
  explicit ChartView(QWidget* parent = nullptr);

  /// Shows `chart` (taking ownership) and deletes the previous one.
  void setFigureChart(FigureChart* chart);
  FigureChart* figureChart() const { return chart_; }

 public Q_SLOTS:
  /// Back to the full data range.
  void resetZoom();

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void markZoomed();
  FigureChart* chart_ = nullptr;
  bool panning_ = false;
  QPoint lastPan_;
  QPoint pressPos_;
};

}  // namespace w2s
