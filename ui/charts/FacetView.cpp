#include "ui/charts/FacetView.h"

#include <QMouseEvent>
#include <QResizeEvent>

#include "ui/charts/FacetLayout.h"
#include "ui/charts/FigureChart.h"
#include "ui/charts/FigureStyle.h"

namespace w2s {

FacetView::FacetView(QWidget* parent) : QGraphicsView(parent) {
  setScene(&scene_);
  setRenderHint(QPainter::Antialiasing);
  setFrameShape(QFrame::NoFrame);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setMouseTracking(true);
}

FacetView::~FacetView() {
  layout_.reset();
  scene_.clear();
}

void FacetView::setSpec(const ChartSpec& spec) {
  if (layout_ && layout_->updateData(spec)) return;
  layout_.reset();
  scene_.clear();
  const FigureStyle style = FigureStyle::screen();
  setBackgroundBrush(style.background());
  layout_ = std::make_unique<FacetLayout>(spec, style, &scene_);
  for (FigureChart* chart : layout_->charts()) {
    connect(chart, &FigureChart::studentsClicked, this, &FacetView::studentsClicked);
  }
  relayout();
}

void FacetView::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  relayout();
}

void FacetView::mouseReleaseEvent(QMouseEvent* event) {
  QGraphicsView::mouseReleaseEvent(event);
  if (event->button() != Qt::LeftButton || !layout_) return;
  const QPointF scenePos = mapToScene(event->pos());
  for (FigureChart* chart : layout_->charts()) {
    if (chart->geometry().contains(scenePos)) {
      chart->clickAt(chart->mapFromScene(scenePos));
      return;
    }
  }
}

void FacetView::relayout() {
  if (!layout_) return;
  const QRectF rect(QPointF(0, 0), QSizeF(viewport()->size()));
  scene_.setSceneRect(rect);
  layout_->layout(rect.adjusted(4, 4, -4, -4));
}

}  // namespace w2s
