#include "ui/charts/ChartView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>
#include <cmath>

#include "ui/charts/FigureChart.h"

namespace w2s {

ChartView::ChartView(QWidget* parent) : QChartView(parent) {
  setRenderHint(QPainter::Antialiasing);
  setRubberBand(QChartView::RectangleRubberBand);
  setFocusPolicy(Qt::StrongFocus);
}

void ChartView::setFigureChart(FigureChart* chart) {
  QChart* old = QChartView::chart();
  setChart(chart);  // releases, does not delete, the previous chart
  chart_ = chart;
  if (old && old != chart) delete old;
  // A heatmap has nothing to zoom into.
  setRubberBand(chart && chart->heatmapItem() ? QChartView::NoRubberBand
                                              : QChartView::RectangleRubberBand);
}

void ChartView::markZoomed() {
  if (chart_) chart_->setUserZoomed(true);
}

void ChartView::resetZoom() {
  if (chart_) chart_->fitToData();
}

void ChartView::wheelEvent(QWheelEvent* event) {
  if (!chart_ || chart_->heatmapItem()) return QChartView::wheelEvent(event);
  const double steps = event->angleDelta().y() / 120.0;
  if (steps == 0) return;
  const double factor = std::pow(1.25, steps);
  const QRectF plot = chart_->plotArea();
  const QPointF at = chart_->mapFromScene(mapToScene(event->position().toPoint()));
  if (!plot.contains(at)) return QChartView::wheelEvent(event);
  // Zoom around the cursor: the point under it stays put. Ctrl zooms x only.
  const bool xOnly = event->modifiers() & Qt::ControlModifier;
  QRectF r = plot;
  r.setWidth(plot.width() / factor);
  r.moveLeft(at.x() - (at.x() - plot.left()) / factor);
  if (!xOnly) {
    r.setHeight(plot.height() / factor);
    r.moveTop(at.y() - (at.y() - plot.top()) / factor);
  }
  chart_->zoomIn(r);
  markZoomed();
  event->accept();
}

void ChartView::mousePressEvent(QMouseEvent* event) {
  const bool pan = event->button() == Qt::MiddleButton ||
                   (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
  if (chart_ && pan && !chart_->heatmapItem()) {
    panning_ = true;
    lastPan_ = event->pos();
    setCursor(Qt::ClosedHandCursor);
    event->accept();
    return;
  }
  if (event->button() == Qt::LeftButton) pressPos_ = event->pos();
  QChartView::mousePressEvent(event);
}

void ChartView::mouseMoveEvent(QMouseEvent* event) {
  if (panning_ && chart_) {
    const QPoint d = event->pos() - lastPan_;
    lastPan_ = event->pos();
    chart_->scroll(-d.x(), d.y());
    markZoomed();
    event->accept();
    return;
  }
  QChartView::mouseMoveEvent(event);
}

void ChartView::mouseReleaseEvent(QMouseEvent* event) {
  if (panning_) {
    panning_ = false;
    unsetCursor();
    event->accept();
    return;
  }
  if (event->button() == Qt::RightButton) {  // QChartView would zoom out one level
    resetZoom();
    event->accept();
    return;
  }
  const bool rubber = event->button() == Qt::LeftButton && rubberBand() != NoRubberBand;
  QChartView::mouseReleaseEvent(event);
  if (rubber && chart_ && chart_->isZoomed()) markZoomed();
  // A click, not a drag: a point standing for students opens their curves (linked views).
  if (event->button() == Qt::LeftButton && chart_ &&
      (event->pos() - pressPos_).manhattanLength() <= 3) {
    chart_->clickAt(chart_->mapFromScene(mapToScene(event->pos())));
  }
}

void ChartView::mouseDoubleClickEvent(QMouseEvent* event) {
  resetZoom();
  event->accept();
}

void ChartView::keyPressEvent(QKeyEvent* event) {
  if (!chart_) return QChartView::keyPressEvent(event);
  const double step = 0.1;
  const QRectF plot = chart_->plotArea();
  switch (event->key()) {
    case Qt::Key_R:
    case Qt::Key_Home:
      resetZoom();
      break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
      chart_->zoomIn();
      markZoomed();
      break;
    case Qt::Key_Minus:
      chart_->zoomOut();
      markZoomed();
      break;
    case Qt::Key_Left:
      chart_->scroll(-plot.width() * step, 0);
      markZoomed();
      break;
    case Qt::Key_Right:
      chart_->scroll(plot.width() * step, 0);
      markZoomed();
      break;
    case Qt::Key_Up:
      chart_->scroll(0, plot.height() * step);
      markZoomed();
      break;
    case Qt::Key_Down:
      chart_->scroll(0, -plot.height() * step);
      markZoomed();
      break;
    default:
      QChartView::keyPressEvent(event);
  }
}

}  // namespace w2s
