#pragma once
// Figure 6's cells and colour bar, painted inside a QChart's plot area (the chart draws the
// category axes, title and background, so exports treat it like every other figure).
#include <QGraphicsObject>

#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureStyle.h"

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace w2s {

class HeatmapItem : public QGraphicsObject {
  Q_OBJECT

 public:
  /// A child of `chart`; follows its plot area.
  HeatmapItem(const HeatmapSpec& spec, const FigureStyle& style, QChart* chart);

  /// Replaces the values (same rows and columns).
  void setSpec(const HeatmapSpec& spec);
  /// Room the colour bar needs right of the plot area, in layout units.
  double colourBarWidth() const;
  /// The tooltip text of the cell at a scene position, "" outside the grid.
  QString cellNoteAt(const QPointF& scenePos) const;
  /// The students of the cell at a scene position (empty outside the grid or for no run).
  QStringList cellStudentsAt(const QPointF& scenePos) const;

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override;

 private:
  int cellAt(const QPointF& scenePos) const;
  QString valueText(double v) const;
  HeatmapSpec spec_;
  FigureStyle style_;
  QChart* chart_;
};

}  // namespace w2s
