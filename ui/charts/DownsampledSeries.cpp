#include "ui/charts/DownsampledSeries.h"

#include <QTimer>
#include <QtCharts/QChart>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <QtCharts/QXYSeries>
#include <algorithm>
#include <cmath>

#include "ui/charts/Downsampler.h"

namespace w2s {

DownsampledSeries::DownsampledSeries(QXYSeries* series, QChart* chart, bool logX)
    : QObject(chart), series_(series), chart_(chart), logX_(logX), timer_(new QTimer(this)) {
  timer_->setSingleShot(true);
  timer_->setInterval(0);
  connect(timer_, &QTimer::timeout, this, &DownsampledSeries::rebucket);
  connect(chart, &QChart::plotAreaChanged, this, &DownsampledSeries::scheduleRebucket);
  const auto axes = series->attachedAxes();
  for (QAbstractAxis* axis : axes) {
    if (axis->orientation() != Qt::Horizontal) continue;
    if (auto* v = qobject_cast<QValueAxis*>(axis)) {
      connect(v, &QValueAxis::rangeChanged, this, &DownsampledSeries::scheduleRebucket);
    } else if (auto* l = qobject_cast<QLogValueAxis*>(axis)) {
      connect(l, &QLogValueAxis::rangeChanged, this, &DownsampledSeries::scheduleRebucket);
    }
  }
}

void DownsampledSeries::setData(QList<QPointF> points) {
  full_ = std::move(points);
  rebucket();
}

void DownsampledSeries::scheduleRebucket() { timer_->start(); }

void DownsampledSeries::rebucket() {
  timer_->stop();
  double x0 = -INFINITY, x1 = INFINITY;
  const auto axes = series_->attachedAxes();
  for (QAbstractAxis* axis : axes) {
    if (axis->orientation() != Qt::Horizontal) continue;
    if (auto* v = qobject_cast<QValueAxis*>(axis)) {
      x0 = v->min();
      x1 = v->max();
    } else if (auto* l = qobject_cast<QLogValueAxis*>(axis)) {
      x0 = l->min();
      x1 = l->max();
    }
  }
  // One bucket per device-independent pixel of the plot (at least a few hundred before layout).
  const int buckets = std::max(200, static_cast<int>(std::ceil(chart_->plotArea().width())));
  DownsampleResult r = Downsampler::minMax(full_, x0, x1, buckets, logX_);
  series_->replace(r.points);
  if (r.downsampled != downsampled_) {
    downsampled_ = r.downsampled;
    Q_EMIT downsampledChanged(downsampled_);
  }
}

bool DownsampledSeries::nearest(double x, QPointF* out) const {
  if (full_.isEmpty()) return false;
  auto it = std::lower_bound(full_.begin(), full_.end(), x,
                             [](const QPointF& p, double v) { return p.x() < v; });
  if (it == full_.end()) {
    *out = full_.back();
  } else if (it == full_.begin()) {
    *out = *it;
  } else {
    auto prev = it - 1;
    *out = (x - prev->x() <= it->x() - x) ? *prev : *it;
  }
  return true;
}

}  // namespace w2s
