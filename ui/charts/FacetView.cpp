#include "ui/charts/FacetView.h"

#include <QResizeEvent>

#include "ui/charts/FacetLayout.h"
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
  relayout();
}

void FacetView::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  relayout();
}

void FacetView::relayout() {
  if (!layout_) return;
  const QRectF rect(QPointF(0, 0), QSizeF(viewport()->size()));
  scene_.setSceneRect(rect);
  layout_->layout(rect.adjusted(4, 4, -4, -4));
}

}  // namespace w2s
