#pragma once
// The small multiples of a faceted ChartSpec in a graphics scene: a FigureChart per panel in a
// grid (shared axes come with the spec), one legend under the grid and, on screen, the title
// and notes above it. The window's FacetView and the exporter lay figures out with it.
#include <QGraphicsScene>
#include <QRectF>
#include <vector>

#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureStyle.h"

QT_BEGIN_NAMESPACE
class QGraphicsTextItem;
QT_END_NAMESPACE

namespace w2s {

class FigureChart;
class PrintLegendItem;

class FacetLayout {
 public:
  /// Adds the items of `spec` (ChartSpec::faceted()) to `scene`, which owns them.
  FacetLayout(const ChartSpec& spec, const FigureStyle& style, QGraphicsScene* scene);

  /// Places the title, the panels and the legend in `rect` and lays the charts out now.
  void layout(const QRectF& rect);
  /// The height `layout` needs for a `width` wide figure whose panels are `panelAspect` times
  /// as high as wide.
  double naturalHeight(double width, double panelAspect);
  /// Replaces every panel's points in place when `spec` has the same structure; false (nothing
  /// changed) otherwise.
  bool updateData(const ChartSpec& spec);

  const ChartSpec& spec() const { return spec_; }
  const std::vector<FigureChart*>& charts() const { return charts_; }
  int rows() const;
  int columns() const;
  /// Entries in the shared legend.
  int legendEntries() const { return legendEntries_; }

 private:
  /// Panel `i` of `spec` as its chart draws it.
  static ChartSpec panelSpec(const ChartSpec& spec, size_t i);
  void setTitle();
  double titleHeight(double width);

  ChartSpec spec_;
  FigureStyle style_;
  std::vector<FigureChart*> charts_;
  PrintLegendItem* legend_ = nullptr;
  QGraphicsTextItem* title_ = nullptr;
  int legendEntries_ = 0;
};

}  // namespace w2s
