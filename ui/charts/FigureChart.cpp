#include "ui/charts/FigureChart.h"

#include <QCursor>
#include <QGraphicsLayout>
#include <QGraphicsSceneResizeEvent>
#include <QGraphicsSimpleTextItem>
#include <QToolTip>
#include <QtCharts/QAreaSeries>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "ui/charts/AxisScale.h"
#include "ui/charts/DownsampledSeries.h"
#include "ui/charts/HeatmapItem.h"
#include "ui/charts/PrintLegendItem.h"

namespace w2s {

namespace {

QScatterSeries::MarkerShape shapeOf(Marker m) {
  switch (m) {
    case Marker::Square:
      return QScatterSeries::MarkerShapeRectangle;
    case Marker::Diamond:
      return QScatterSeries::MarkerShapeRotatedRectangle;
    case Marker::Triangle:
      return QScatterSeries::MarkerShapeTriangle;
    case Marker::Star:
      return QScatterSeries::MarkerShapeStar;
    case Marker::Pentagon:
      return QScatterSeries::MarkerShapePentagon;
    case Marker::Circle:
    case Marker::None:
      break;
  }
  return QScatterSeries::MarkerShapeCircle;
}

QString fmt(double v) { return QString::number(v, 'g', 6); }

}  // namespace

FigureChart::FigureChart(const ChartSpec& spec, const FigureStyle& style, QGraphicsItem* parent)
    : QChart(parent), spec_(spec), style_(style) {
  setAnimationOptions(QChart::NoAnimation);
  setBackgroundRoundness(0);
  setDropShadowEnabled(false);
  setBackgroundBrush(style_.background());
  setPlotAreaBackgroundVisible(false);
  setTitleFont(style_.font(style_.titlePt));
  setTitleBrush(style_.foreground());
  const int m = static_cast<int>(std::lround(style_.px(style_.print ? 2 : 4)));
  setMargins(QMargins(m, m, m, m));
  layout()->setContentsMargins(0, 0, 0, 0);

  QLegend* lg = legend();
  lg->setAlignment(Qt::AlignRight);
  lg->setFont(style_.font(style_.legendPt));
  lg->setLabelColor(style_.foreground());
  lg->setMarkerShape(QLegend::MarkerShapeFromSeries);
  lg->setBackgroundVisible(false);
  lg->setShowToolTips(true);

  setupAxes();
  for (size_t i = 0; i < spec_.series.size(); ++i) addEntry(i);
  if (spec_.heatmap) {
    heatmap_ = new HeatmapItem(*spec_.heatmap, style_, this);
    QMargins mm = margins();
    mm.setRight(mm.right() + static_cast<int>(std::ceil(heatmap_->colourBarWidth())));
    mm.setTop(mm.top() + static_cast<int>(std::ceil(style_.px(10))));
    setMargins(mm);
    lg->setVisible(false);
  } else if (!style_.showLegend) {
    lg->setVisible(false);
  } else if (style_.print) {
    lg->setVisible(false);
    printLegend_ = new PrintLegendItem(spec_, style_, this);
  }
  baseMargins_ = margins();
  if (style_.print && !spec_.heatmap) {
    // Exports show no notes: a clipped band is said in the plot's top right corner instead.
    clipLabel_ = new QGraphicsSimpleTextItem(QStringLiteral("bands clipped"), this);
    clipLabel_->setFont(style_.font(style_.tickPt - 1));
    clipLabel_->setBrush(QColor(0x77, 0x77, 0x77));
    clipLabel_->setZValue(20);
    clipLabel_->setVisible(false);
    connect(this, &QChart::plotAreaChanged, this, [this](const QRectF& plot) {
      const QRectF box = clipLabel_->boundingRect();
      clipLabel_->setPos(plot.right() - box.width() - style_.px(2), plot.top() + style_.px(1));
    });
  }
  applyRanges();
  updateLegendLook();
  updateTitle();
}

void FigureChart::resizeEvent(QGraphicsSceneResizeEvent* event) {
  if (printLegend_) {
    // The legend goes under the x axis, in as many rows as the width needs.
    const QSizeF size = event->newSize();
    const double height =
        printLegend_->layoutFor(size.width() - baseMargins_.left() - baseMargins_.right());
    QMargins m = baseMargins_;
    if (height > 0) m.setBottom(m.bottom() + static_cast<int>(std::ceil(height + style_.px(2))));
    setMargins(m);
    printLegend_->setPos(baseMargins_.left(), size.height() - baseMargins_.bottom() - height);
  }
  QChart::resizeEvent(event);
}

void FigureChart::tickAxis(QAbstractAxis* axis) {
  axis->setLabelsFont(style_.font(style_.tickPt));
  axis->setTitleFont(style_.font(style_.labelPt));
  axis->setLabelsColor(style_.foreground());
  axis->setTitleBrush(style_.foreground());
  axis->setLinePen(QPen(style_.foreground(), std::max(0.5, style_.px(0.6))));
  axis->setGridLineColor(style_.gridColor());
  axis->setGridLinePen(QPen(style_.gridColor(), std::max(0.5, style_.px(0.4))));
  axis->setMinorGridLinePen(QPen(style_.gridColor().lighter(104), std::max(0.5, style_.px(0.3))));
  axis->setShadesVisible(false);
}

void FigureChart::setupAxes() {
  if (spec_.heatmap) {
    const HeatmapSpec& h = *spec_.heatmap;
    auto* x = new QCategoryAxis;
    for (qsizetype c = 0; c < h.cols.size(); ++c) x->append(h.cols[c], static_cast<qreal>(c + 1));
    auto* y = new QCategoryAxis;
    // Rows are listed top to bottom; the axis grows upwards.
    for (qsizetype k = 0; k < h.rows.size(); ++k) {
      y->append(h.rows[h.rows.size() - 1 - k], static_cast<qreal>(k + 1));
    }
    for (QCategoryAxis* a : {x, y}) {
      a->setStartValue(0);
      a->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
      a->setGridLineVisible(false);
    }
    x->setRange(0, std::max<qsizetype>(1, h.cols.size()));
    y->setRange(0, std::max<qsizetype>(1, h.rows.size()));
    xAxis_ = x;
    yAxis_ = y;
  } else {
    auto make = [&](bool log, const QString& format) -> QAbstractAxis* {
      if (log) {
        auto* a = new QLogValueAxis;
        a->setBase(10);
        a->setLabelFormat(format);
        a->setMinorTickCount(-1);
        return a;
      }
      auto* a = new QValueAxis;
      a->setTickType(QValueAxis::TicksDynamic);
      a->setTickAnchor(0);
      a->setTickInterval(AxisScale::niceStep(a->max() - a->min(), style_.print ? 4 : 6));
      // Ticks stay at round numbers whatever the zoom.
      connect(a, &QValueAxis::rangeChanged, a, [a, this](qreal lo, qreal hi) {
        const double step = AxisScale::niceStep(hi - lo, style_.print ? 4 : 6);
        a->setTickInterval(step);
        a->setLabelFormat(QStringLiteral("%.") + QString::number(AxisScale::decimalsFor(step)) +
                          QStringLiteral("f"));
      });
      return a;
    };
    if (!spec_.xCategories.isEmpty()) {
      auto* x = new QCategoryAxis;
      x->setStartValue(-0.5);
      for (qsizetype c = 0; c < spec_.xCategories.size(); ++c) {
        x->append(spec_.xCategories[c], static_cast<qreal>(c) + 0.5);
      }
      x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
      x->setGridLineVisible(false);
      xAxis_ = x;
    } else {
      xAxis_ = make(spec_.logX, spec_.xFormat);
    }
    yAxis_ = make(spec_.logY, spec_.yFormat);
  }
  xAxis_->setTitleText(spec_.xTitle);
  yAxis_->setTitleText(spec_.yTitle);
  tickAxis(xAxis_);
  tickAxis(yAxis_);
  addAxis(xAxis_, Qt::AlignBottom);
  addAxis(yAxis_, Qt::AlignLeft);
}

QColor FigureChart::colorOf(const SeriesSpec& s) const {
  QColor c = s.color.isValid() ? s.color : style_.foreground();
  if (style_.dark && c == QColor(Qt::black)) c = style_.foreground();
  c.setAlphaF(static_cast<float>(std::clamp(s.opacity, 0.0, 1.0)));
  return c;
}

QList<QPointF> FigureChart::usable(const QList<QPointF>& points) const {
  // Log axes cannot place values <= 0; NaN never draws.
  QList<QPointF> out;
  out.reserve(points.size());
  for (const QPointF& p : points) {
    if (std::isnan(p.x()) || std::isnan(p.y())) continue;
    if ((spec_.logX && p.x() <= 0) || (spec_.logY && p.y() <= 0)) continue;
    out.append(p);
  }
  return out;
}

void FigureChart::addEntry(size_t index) {
  const SeriesSpec& s = spec_.series[index];
  Entry e;
  const QColor color = colorOf(s);
  const double width = std::max(0.5, style_.px(s.widthPt * style_.lineScale));
  const double markerSize = style_.px(s.markerPt * style_.lineScale);
  auto makeScatter = [&](Marker m) {
    auto* sc = new QScatterSeries;
    sc->setMarkerShape(shapeOf(m));
    sc->setMarkerSize(markerSize);
    sc->setColor(color);
    sc->setBorderColor(color);
    sc->setPen(QPen(color, std::max(0.5, style_.px(0.5))));
    return sc;
  };
  if (s.kind == SeriesKind::Band) {
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    e.area = new QAreaSeries(upper, lower);
    upper->setParent(e.area);
    lower->setParent(e.area);
    e.area->setPen(Qt::NoPen);
    e.area->setBrush(color);
    e.area->setName(s.name);
    addSeries(e.area);
    e.area->attachAxis(xAxis_);
    e.area->attachAxis(yAxis_);
  } else {
    if (s.kind == SeriesKind::Scatter) {
      e.series = makeScatter(s.marker == Marker::None ? Marker::Circle : s.marker);
    } else {
      auto* line = new QLineSeries;
      line->setPen(QPen(color, width, s.penStyle, Qt::RoundCap, Qt::RoundJoin));
      e.series = line;
    }
    e.series->setName(s.name);
    addSeries(e.series);
    e.series->attachAxis(xAxis_);
    e.series->attachAxis(yAxis_);
    if (s.kind == SeriesKind::Line && s.marker != Marker::None) {
      e.markers = makeScatter(s.marker);
      e.markers->setName(s.name + QStringLiteral(" markers"));
      addSeries(e.markers);
      e.markers->attachAxis(xAxis_);
      e.markers->attachAxis(yAxis_);
    }
    if (s.downsample) e.downsampled = new DownsampledSeries(e.series, this, spec_.logX);
    for (QXYSeries* hoverable : {e.series, static_cast<QXYSeries*>(e.markers)}) {
      if (!hoverable) continue;
      connect(hoverable, &QXYSeries::hovered, this, [this, index](const QPointF& p, bool on) {
        const QString& student = spec_.series[index].student;
        if (!student.isEmpty()) Q_EMIT studentHovered(student, on);
        if (!on) {
          QToolTip::hideText();
          return;
        }
        QToolTip::showText(QCursor::pos(), tooltipText(index, p));
      });
    }
  }
  entries_.push_back(e);
  setPoints(index);
}

void FigureChart::setPoints(size_t index) {
  const SeriesSpec& s = spec_.series[index];
  Entry& e = entries_[index];
  if (e.area) {
    e.area->upperSeries()->replace(usable(s.points));
    e.area->lowerSeries()->replace(usable(s.lower));
    return;
  }
  QList<QPointF> pts = usable(s.points);
  if (e.markers) e.markers->replace(pts);
  if (e.downsampled) {
    e.downsampled->setData(std::move(pts));
  } else {
    e.series->replace(pts);
  }
}

bool FigureChart::sameStructure(const ChartSpec& spec) const {
  return spec.structureKey() == spec_.structureKey();
}

bool FigureChart::updateData(ChartSpec spec) {
  if (!sameStructure(spec)) return false;
  spec_ = std::move(spec);
  if (!userZoomed_) applyRanges();
  for (size_t i = 0; i < entries_.size(); ++i) setPoints(i);
  if (heatmap_ && spec_.heatmap) heatmap_->setSpec(*spec_.heatmap);
  updateTitle();
  if (highlight_) updateHighlight();
  return true;
}

void FigureChart::applyRanges() {
  if (spec_.heatmap) return;
  const FittedRanges r = spec_.fittedRanges();
  bandsClipped_ = r.bandsClipped;
  if (clipLabel_) clipLabel_->setVisible(bandsClipped_);
  // Decades of parameter counts read better whole ("1000000") than as "1e+06".
  for (auto [axis, format, range] :
       {std::make_tuple(xAxis_, spec_.xFormat, r.x), std::make_tuple(yAxis_, spec_.yFormat, r.y)}) {
    if (auto* log = qobject_cast<QLogValueAxis*>(axis); log && format == QLatin1String("%g")) {
      log->setLabelFormat(range.first >= 1 && range.second <= 1e12 ? QStringLiteral("%.0f")
                                                                   : format);
    }
  }
  xAxis_->setRange(r.x.first, r.x.second);
  yAxis_->setRange(r.y.first, r.y.second);
}

void FigureChart::fitToData() {
  userZoomed_ = false;
  zoomReset();
  applyRanges();
  rebucket();
}

void FigureChart::rebucket() {
  for (Entry& e : entries_) {
    if (e.downsampled) e.downsampled->rebucket();
  }
  updateTitle();
}

ChartSpec FigureChart::exportSpec() const {
  ChartSpec out = spec_;
  out.series.clear();
  for (size_t i = 0; i < spec_.series.size(); ++i) {
    if (isSeriesVisible(i)) out.series.push_back(spec_.series[i]);
  }
  if (userZoomed_ && !spec_.heatmap) {
    auto range = [](QAbstractAxis* a) {
      if (auto* v = qobject_cast<QValueAxis*>(a)) return std::make_pair(v->min(), v->max());
      auto* l = qobject_cast<QLogValueAxis*>(a);
      return std::make_pair(l->min(), l->max());
    };
    out.xRange = range(xAxis_);
    out.yRange = range(yAxis_);
  }
  return out;
}

bool FigureChart::isDownsampled() const {
  return std::any_of(entries_.begin(), entries_.end(), [](const Entry& e) {
    return e.downsampled && e.downsampled->isDownsampled();
  });
}

qsizetype FigureChart::drawnPointCount(size_t index) const {
  const Entry& e = entries_.at(index);
  if (e.area) return e.area->upperSeries()->count();
  return e.series->count();
}

QString FigureChart::notesText() const {
  QStringList parts = spec_.notes;
  if (bandsClipped_)
    parts << QStringLiteral("bands clipped at the y axis (the range fits the means)");
  if (isDownsampled()) parts << QStringLiteral("downsampled for display (min/max per pixel)");
  if (spec_.isEmpty() && !spec_.emptyText.isEmpty()) parts.prepend(spec_.emptyText);
  return parts.join(QStringLiteral(" · "));
}

void FigureChart::updateTitle() {
  if (!style_.showTitle) {
    setTitle(QString());
    return;
  }
  QString t = QStringLiteral("<b>%1</b>").arg(spec_.title.toHtmlEscaped());
  const QString notes = style_.showNotes ? notesText() : QString();
  if (!notes.isEmpty()) {
    t +=
        QStringLiteral("<br><span style=\"font-weight:normal; color:%1; font-size:%2pt\">%3</span>")
            .arg(style_.dark ? QStringLiteral("#aaaaaa") : QStringLiteral("#666666"))
            .arg(style_.tickPt)
            .arg(notes.toHtmlEscaped());
  }
  setTitle(t);
}

bool FigureChart::inLegend(size_t index) const {
  // A series with nothing to draw (every cell unstable or undefined) is no entry to look for.
  return spec_.series[index].listed();
}

int FigureChart::groupOf(size_t index) const {
  const int g = spec_.series[index].group;
  return g >= 0 ? g : (1 << 24) + static_cast<int>(index);
}

void FigureChart::updateLegendLook() {
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    auto markersOf = [this](QAbstractSeries* series) { return legend()->markers(series); };
    if (e.markers) {
      for (QLegendMarker* m : markersOf(e.markers)) m->setVisible(false);
    }
    QAbstractSeries* main = e.area ? static_cast<QAbstractSeries*>(e.area) : e.series;
    for (QLegendMarker* m : markersOf(main)) {
      m->setVisible(inLegend(i));
      if (!inLegend(i)) continue;
      connect(m, &QLegendMarker::clicked, this, [this, i] { toggleGroup(i); });
    }
  }
}

void FigureChart::toggleGroup(size_t index) {
  const int group = groupOf(index);
  const bool show = !isSeriesVisible(index);
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (groupOf(i) != group) continue;
    Entry& e = entries_[i];
    for (QAbstractSeries* s :
         {static_cast<QAbstractSeries*>(e.series), static_cast<QAbstractSeries*>(e.markers),
          static_cast<QAbstractSeries*>(e.area)}) {
      if (s) s->setVisible(show);
    }
    // QtCharts hides the legend entry with its series: keep it, greyed, so it can be clicked back.
    QAbstractSeries* main = e.area ? static_cast<QAbstractSeries*>(e.area) : e.series;
    for (QLegendMarker* m : legend()->markers(main)) {
      m->setVisible(inLegend(i));
      QColor c = style_.foreground();
      if (!show) c.setAlphaF(0.35f);
      m->setLabelBrush(c);
    }
    if (e.markers) {
      for (QLegendMarker* m : legend()->markers(e.markers)) m->setVisible(false);
    }
  }
  if (highlight_) updateHighlight();
}

bool FigureChart::isSeriesVisible(size_t index) const {
  const Entry& e = entries_.at(index);
  return e.area ? e.area->isVisible() : e.series->isVisible();
}

QString FigureChart::tooltipText(size_t index, const QPointF& point) const {
  const SeriesSpec& s = spec_.series.at(index);
  const Entry& e = entries_.at(index);
  QPointF nearest = point;
  qsizetype at = -1;
  if (e.downsampled) {
    e.downsampled->nearest(point.x(), &nearest);
  }
  if (!e.downsampled) {
    at = nearestIndex(index, point);
    if (at >= 0) nearest = s.points[at];
  }
  QString text = s.name + QLatin1Char('\n') + spec_.xTitle + QStringLiteral(": ") +
                 fmt(nearest.x()) + QLatin1Char('\n') + spec_.yTitle + QStringLiteral(": ") +
                 fmt(nearest.y());
  if (at >= 0 && at < s.pointNotes.size() && !s.pointNotes[at].isEmpty()) {
    text += QLatin1Char('\n') + s.pointNotes[at];
  }
  if (at >= 0 && static_cast<size_t>(at) < s.pointStudents.size()) {
    text += QStringLiteral("\nclick: the curves of its %1 student(s)")
                .arg(s.pointStudents[static_cast<size_t>(at)].size());
  }
  return text;
}

qsizetype FigureChart::nearestIndex(size_t index, const QPointF& point) const {
  const SeriesSpec& s = spec_.series.at(index);
  double best = std::numeric_limits<double>::infinity();
  qsizetype at = -1;
  for (qsizetype i = 0; i < s.points.size(); ++i) {
    const QPointF& p = s.points[i];
    const double dx = spec_.logX ? std::log10(p.x() / point.x()) : p.x() - point.x();
    const double dy = p.y() - point.y();
    const double d = dx * dx + dy * dy;
    if (d < best) {
      best = d;
      at = i;
    }
  }
  return at;
}

bool FigureChart::clickAt(const QPointF& position) {
  QStringList hashes;
  if (heatmap_) hashes = heatmap_->cellStudentsAt(mapToScene(position));
  // Else the nearest drawn point standing for students, within a few pixels of the click.
  double best = std::pow(std::max(6.0, style_.px(6)), 2);
  for (size_t i = 0; i < spec_.series.size(); ++i) {
    const SeriesSpec& s = spec_.series[i];
    if (s.pointStudents.empty() || !entries_[i].series || !isSeriesVisible(i)) continue;
    for (qsizetype k = 0; k < s.points.size() && static_cast<size_t>(k) < s.pointStudents.size();
         ++k) {
      const QPointF at = mapToPosition(s.points[k], entries_[i].series);
      const QPointF d = at - position;
      const double d2 = d.x() * d.x() + d.y() * d.y();
      if (d2 <= best) {
        best = d2;
        hashes = s.pointStudents[static_cast<size_t>(k)];
      }
    }
  }
  if (hashes.isEmpty()) return false;
  Q_EMIT studentsClicked(hashes);
  return true;
}

void FigureChart::highlightStudents(const QStringList& hashes) {
  highlighted_ = hashes;
  updateHighlight();
}

QList<QPointF> FigureChart::highlightedPoints() const {
  return highlight_ ? highlight_->points() : QList<QPointF>{};
}

void FigureChart::updateHighlight() {
  QList<QPointF> ringed;
  for (size_t i = 0; i < spec_.series.size() && !highlighted_.isEmpty(); ++i) {
    const SeriesSpec& s = spec_.series[i];
    if (!isSeriesVisible(i)) continue;
    for (size_t k = 0; k < s.pointStudents.size() && k < static_cast<size_t>(s.points.size());
         ++k) {
      const QPointF& p = s.points[static_cast<qsizetype>(k)];
      if (!std::isfinite(p.x()) || !std::isfinite(p.y())) continue;
      for (const QString& h : s.pointStudents[k]) {
        if (highlighted_.contains(h)) {
          ringed.append(p);
          break;
        }
      }
    }
  }
  if (!highlight_) {
    if (ringed.isEmpty()) return;
    highlight_ = new QScatterSeries;
    highlight_->setName(QStringLiteral("highlight"));
    highlight_->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    highlight_->setMarkerSize(style_.px(11.0));
    highlight_->setBrush(Qt::NoBrush);
    highlight_->setPen(QPen(style_.foreground(), std::max(1.5, style_.px(1.4))));
    addSeries(highlight_);
    highlight_->attachAxis(xAxis_);
    highlight_->attachAxis(yAxis_);
    for (QLegendMarker* m : legend()->markers(highlight_)) m->setVisible(false);
  }
  highlight_->replace(usable(ringed));
}

}  // namespace w2s
