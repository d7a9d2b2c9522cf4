#include "ui/charts/FacetLayout.h"

#include <QGraphicsLayout>
#include <QGraphicsTextItem>
#include <algorithm>
#include <cmath>

#include "ui/charts/Facets.h"
#include "ui/charts/FigureChart.h"
#include "ui/charts/PrintLegendItem.h"

namespace w2s {

FacetLayout::FacetLayout(const ChartSpec& spec, const FigureStyle& style, QGraphicsScene* scene)
    : spec_(spec), style_(style) {
  FigureStyle panelStyle = style;
  panelStyle.showLegend = false;
  panelStyle.showNotes = false;
  panelStyle.showTitle = true;  // the panel's cut ("view noisy · supervisor right")
  panelStyle.titlePt = style.labelPt;
  for (size_t i = 0; i < spec_.panels.size(); ++i) {
    auto* chart = new FigureChart(panelSpec(spec_, i), panelStyle);
    scene->addItem(chart);
    charts_.push_back(chart);
  }
  ChartSpec legendSpec;
  legendSpec.series = Facets::sharedLegend(spec_);
  legendEntries_ = static_cast<int>(legendSpec.series.size());
  legend_ = new PrintLegendItem(legendSpec, style_, nullptr);
  scene->addItem(legend_);
  if (style_.showTitle) {
    title_ = new QGraphicsTextItem;
    scene->addItem(title_);
    setTitle();
  }
}

int FacetLayout::columns() const { return std::max(1, spec_.panelColumns); }

ChartSpec FacetLayout::panelSpec(const ChartSpec& spec, size_t i) {
  // Axis titles once per row and column, as small multiples are read: x under the bottom row
  // (or the last panel of a column), y left of the first column.
  ChartSpec p = spec.panels[i];
  const size_t cols = static_cast<size_t>(std::max(1, spec.panelColumns));
  if (i + cols < spec.panels.size()) p.xTitle.clear();
  if (i % cols != 0) p.yTitle.clear();
  return p;
}

int FacetLayout::rows() const {
  const int n = static_cast<int>(charts_.size());
  return (n + columns() - 1) / columns();
}

void FacetLayout::setTitle() {
  if (!title_) return;
  title_->setDefaultTextColor(style_.foreground());
  title_->setFont(style_.font(style_.titlePt));
  QString html = QStringLiteral("<div align=\"center\"><b>%1</b>").arg(spec_.title.toHtmlEscaped());
  if (style_.showNotes && !spec_.notes.isEmpty()) {
    html +=
        QStringLiteral("<br><span style=\"font-weight:normal; color:%1; font-size:%2pt\">%3</span>")
            .arg(style_.dark ? QStringLiteral("#aaaaaa") : QStringLiteral("#666666"))
            .arg(style_.tickPt)
            .arg(spec_.notes.join(QStringLiteral(" · ")).toHtmlEscaped());
  }
  title_->setHtml(html + QStringLiteral("</div>"));
}

double FacetLayout::titleHeight(double width) {
  if (!title_) return 0.0;
  title_->setTextWidth(width);
  return title_->boundingRect().height();
}

double FacetLayout::naturalHeight(double width, double panelAspect) {
  const double cell = width / columns() * panelAspect;
  const double inner = width - 2 * style_.px(2);
  return titleHeight(inner) + rows() * cell + legend_->layoutFor(inner) + style_.px(8);
}

void FacetLayout::layout(const QRectF& outer) {
  const double m = style_.px(2);
  const QRectF rect = outer.adjusted(m, m, -m, -m);
  double top = rect.top();
  if (title_) {
    const double h = titleHeight(rect.width());
    title_->setPos(rect.left(), top);
    top += h;
  }
  const double legendHeight = legend_->layoutFor(rect.width());
  legend_->setPos(rect.left(), rect.bottom() - legendHeight);
  const double gridHeight = std::max(1.0, rect.bottom() - legendHeight - style_.px(2) - top);
  const double cellW = rect.width() / columns();
  const double cellH = gridHeight / rows();
  for (size_t i = 0; i < charts_.size(); ++i) {
    const int r = static_cast<int>(i) / columns();
    const int c = static_cast<int>(i) % columns();
    charts_[i]->setGeometry(QRectF(rect.left() + c * cellW, top + r * cellH, cellW, cellH));
    charts_[i]->layout()->activate();
    charts_[i]->rebucket();
  }
}

bool FacetLayout::updateData(const ChartSpec& spec) {
  if (spec.structureKey() != spec_.structureKey() || spec.panels.size() != charts_.size()) {
    return false;
  }
  spec_ = spec;
  for (size_t i = 0; i < charts_.size(); ++i) charts_[i]->updateData(panelSpec(spec, i));
  setTitle();
  return true;
}

}  // namespace w2s
