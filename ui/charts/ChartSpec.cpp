#include "ui/charts/ChartSpec.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/charts/AxisScale.h"

namespace w2s {

bool ChartSpec::isEmpty() const {
  if (faceted()) {
    return std::all_of(panels.begin(), panels.end(),
                       [](const ChartSpec& p) { return p.isEmpty(); });
  }
  if (heatmap && !heatmap->values.empty()) return false;
  for (const auto& s : series) {
    if (!s.points.isEmpty()) return false;
  }
  return true;
}

namespace {

struct Span {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  bool empty() const { return !(lo <= hi); }
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
};

}  // namespace

FittedRanges ChartSpec::fittedRanges() const {
  // Log axes cannot place values <= 0; NaN never draws.
  auto usable = [this](const QPointF& p) {
    if (std::isnan(p.x()) || std::isnan(p.y())) return false;
    return !((logX && p.x() <= 0) || (logY && p.y() <= 0));
  };
  Span x, lines, bands;
  for (const SeriesSpec& s : series) {
    for (const QList<QPointF>* list : {&s.points, &s.lower}) {
      for (const QPointF& p : *list) {
        if (!usable(p)) continue;
        x.add(p.x());
        (s.kind == SeriesKind::Band ? bands : lines).add(p.y());
      }
    }
  }
  FittedRanges out;
  out.x = xRange ? *xRange : AxisScale::padded(x.lo, x.hi, logX, 0.03);
  if (yRange) {
    out.y = *yRange;
    out.bandsClipped = !bands.empty() && (bands.lo < out.y.first || bands.hi > out.y.second);
    return out;
  }
  Span y = lines.empty() ? bands : lines;
  if (!lines.empty() && !bands.empty()) {
    // A band may widen the range by half the lines' span (on a log axis: half a decade per
    // decade); beyond that it would flatten the means into a line.
    const bool log = logY;
    const double span =
        log ? std::log10(std::max(y.hi, 1e-300) / std::max(y.lo, 1e-300)) : y.hi - y.lo;
    const double room = std::max(span, log ? 0.3 : std::max(0.05, std::abs(y.hi) * 0.1)) * 0.5;
    const double lo = log ? y.lo / std::pow(10.0, room) : y.lo - room;
    const double hi = log ? y.hi * std::pow(10.0, room) : y.hi + room;
    out.bandsClipped = bands.lo < lo || bands.hi > hi;
    y.add(std::max(bands.lo, lo));
    y.add(std::min(bands.hi, hi));
  }
  out.y = AxisScale::padded(y.lo, y.hi, logY, 0.06);
  return out;
}

QString ChartSpec::structureKey() const {
  QStringList parts{id, xTitle, yTitle, QString::number(logX), QString::number(logY)};
  for (const auto& s : series) {
    parts << s.name + QLatin1Char('/') + QString::number(static_cast<int>(s.kind)) +
                 QLatin1Char('/') + s.color.name() + QLatin1Char('/') +
                 QString::number(s.points.isEmpty());
  }
  if (!xCategories.isEmpty()) parts << xCategories.join(QLatin1Char(','));
  if (heatmap)
    parts << heatmap->rows.join(QLatin1Char(',')) << heatmap->cols.join(QLatin1Char(','));
  for (const ChartSpec& p : panels) parts << QStringLiteral("[") + p.structureKey() + "]";
  return parts.join(QLatin1Char('|'));
}

}  // namespace w2s
