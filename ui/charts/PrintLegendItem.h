#pragma once
// The legend of an exported figure: entries in a grid under the plot, each with its line style,
// marker and colour (QLegend shows either the line or the marker, never both, and truncates
// rather than wraps when a paper column is narrow).
#include <QGraphicsItem>
#include <vector>

#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureStyle.h"

namespace w2s {

class PrintLegendItem : public QGraphicsItem {
 public:
  /// The legend entries of `spec` (series with inLegend), drawn in `style`.
  PrintLegendItem(const ChartSpec& spec, const FigureStyle& style, QGraphicsItem* parent);

  /// Arranges the entries in equal columns no wider than `width` (layout units); returns the
  /// height they need (0 when there are none).
  double layoutFor(double width);
  bool isEmpty() const { return entries_.empty(); }
  /// True when the series were too many for one entry each and the legend shows one entry per
  /// factor value instead (weak size by colour, loss by line style, ...).
  bool isFactorized() const { return factorized_; }

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  /// Draws `marker` centred at `c`, `size` wide, as a vector path.
  static void drawMarker(QPainter* painter, Marker marker, const QPointF& c, double size);

 private:
  struct Entry {
    SeriesSpec series;
  };
  bool factorize(const std::vector<SeriesSpec>& series);

  std::vector<Entry> entries_;
  bool factorized_ = false;
  FigureStyle style_;
  double cellWidth_ = 0, rowHeight_ = 0, sampleWidth_ = 0;
  int columns_ = 1;
  QRectF bounds_;
};

}  // namespace w2s
