#include "ui/charts/HeatmapItem.h"

#include <QGraphicsSceneHoverEvent>
#include <QLinearGradient>
#include <QPainter>
#include <QToolTip>
#include <QtCharts/QChart>
#include <cmath>

#include "ui/charts/Palette.h"

namespace w2s {

HeatmapItem::HeatmapItem(const HeatmapSpec& spec, const FigureStyle& style, QChart* chart)
    : QGraphicsObject(chart), spec_(spec), style_(style), chart_(chart) {
  setAcceptHoverEvents(true);
  setZValue(5);
  connect(chart, &QChart::plotAreaChanged, this, [this] {
    prepareGeometryChange();
    update();
  });
}

void HeatmapItem::setSpec(const HeatmapSpec& spec) {
  spec_ = spec;
  update();
}

double HeatmapItem::colourBarWidth() const { return style_.px(42); }

QRectF HeatmapItem::boundingRect() const {
  const QRectF plot = chart_->plotArea();
  return plot.adjusted(0, -style_.px(12), colourBarWidth() + style_.px(4), style_.px(2));
}

QString HeatmapItem::valueText(double v) const { return QString::number(v, 'f', 2); }

int HeatmapItem::cellAt(const QPointF& scenePos) const {
  const QRectF plot = chart_->plotArea();
  const QPointF p = mapFromScene(scenePos);
  const int cols = static_cast<int>(spec_.cols.size()), rows = static_cast<int>(spec_.rows.size());
  if (!plot.contains(p) || cols == 0 || rows == 0) return -1;
  const int c = std::min(cols - 1, static_cast<int>((p.x() - plot.left()) / plot.width() * cols));
  const int r = std::min(rows - 1, static_cast<int>((p.y() - plot.top()) / plot.height() * rows));
  return r * cols + c;
}

QString HeatmapItem::cellNoteAt(const QPointF& scenePos) const {
  const int i = cellAt(scenePos);
  return i >= 0 && i < spec_.cellNotes.size() ? spec_.cellNotes[i] : QString();
}

QStringList HeatmapItem::cellStudentsAt(const QPointF& scenePos) const {
  const int i = cellAt(scenePos);
  return i >= 0 && static_cast<size_t>(i) < spec_.cellStudents.size()
             ? spec_.cellStudents[static_cast<size_t>(i)]
             : QStringList();
}

void HeatmapItem::hoverMoveEvent(QGraphicsSceneHoverEvent* event) {
  const QString note = cellNoteAt(event->scenePos());
  if (note.isEmpty()) {
    QToolTip::hideText();
  } else {
    QToolTip::showText(event->screenPos(), note);
  }
}

void HeatmapItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  const QRectF plot = chart_->plotArea();
  const int cols = static_cast<int>(spec_.cols.size()), rows = static_cast<int>(spec_.rows.size());
  if (cols == 0 || rows == 0 || plot.isEmpty()) return;
  const double span = spec_.hi > spec_.lo ? spec_.hi - spec_.lo : 1.0;
  const double cw = plot.width() / cols, ch = plot.height() / rows;
  painter->setRenderHint(QPainter::Antialiasing, false);
  QFont font = style_.font(style_.tickPt);
  painter->setFont(font);
  const double gap = std::max(1.0, style_.px(0.75));
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const size_t i = static_cast<size_t>(r * cols + c);
      const QRectF cell(plot.left() + c * cw, plot.top() + r * ch, cw, ch);
      const QRectF inner = cell.adjusted(gap / 2, gap / 2, -gap / 2, -gap / 2);
      if (i >= spec_.present.size() || !spec_.present[i]) continue;  // never run: blank
      const auto& v = spec_.values[i];
      QColor fill = v ? Palette::sequential((*v - spec_.lo) / span) : QColor(0xBD, 0xBD, 0xBD);
      painter->fillRect(inner, fill);
      painter->setPen(Palette::textOn(fill));
      painter->drawText(inner, Qt::AlignCenter, v ? valueText(*v) : QStringLiteral("—"));
    }
  }

  // Colour bar: a vertical gradient from lo (bottom) to hi (top) with three labelled ticks.
  const double barW = style_.px(7);
  const QRectF bar(plot.right() + style_.px(8), plot.top(), barW, plot.height());
  QLinearGradient g(bar.bottomLeft(), bar.topLeft());
  for (int k = 0; k <= 8; ++k) g.setColorAt(k / 8.0, Palette::sequential(k / 8.0));
  painter->fillRect(bar, g);
  painter->setPen(QPen(style_.foreground(), std::max(0.5, style_.px(0.4))));
  painter->setBrush(Qt::NoBrush);
  painter->drawRect(bar);
  for (double t : {0.0, 0.5, 1.0}) {
    const double y = bar.bottom() - t * bar.height();
    const double value = spec_.lo + t * span;
    painter->drawLine(QPointF(bar.right(), y), QPointF(bar.right() + style_.px(2), y));
    const QRectF label(bar.right() + style_.px(3), y - style_.px(6), style_.px(30), style_.px(12));
    painter->drawText(label, Qt::AlignLeft | Qt::AlignVCenter, valueText(value));
  }
  const QRectF title(bar.left() - style_.px(4), plot.top() - style_.px(12), style_.px(40),
                     style_.px(10));
  painter->drawText(title, Qt::AlignLeft | Qt::AlignBottom, spec_.valueName);
}

}  // namespace w2s
