#include "ui/charts/Downsampler.h"

#include <algorithm>
#include <cmath>

namespace w2s {

DownsampleResult Downsampler::minMax(const QList<QPointF>& points, double x0, double x1,
                                     int buckets, bool logX) {
  DownsampleResult out;
  if (points.isEmpty()) return out;
  if (x1 < x0) std::swap(x0, x1);
  auto lessX = [](const QPointF& p, double x) { return p.x() < x; };
  auto first = std::lower_bound(points.begin(), points.end(), x0, lessX);
  auto last = std::upper_bound(points.begin(), points.end(), x1,
                               [](double x, const QPointF& p) { return x < p.x(); });
  const qsizetype begin = first - points.begin();
  const qsizetype end = last - points.begin();  // one past the last visible point
  out.visible = end - begin;
  // Neighbours just outside the range keep the line drawn up to the plot's edges.
  const qsizetype keepBegin = std::max<qsizetype>(0, begin - 1);
  const qsizetype keepEnd = std::min<qsizetype>(points.size(), end + 1);

  buckets = std::max(1, buckets);
  if (out.visible <= 2 * static_cast<qsizetype>(buckets)) {
    out.points = points.mid(keepBegin, keepEnd - keepBegin);
    return out;
  }

  auto coord = [logX](double x) { return logX ? std::log10(std::max(x, 1e-300)) : x; };
  const double c0 = coord(x0);
  const double span = coord(x1) - c0;
  const double scale = span > 0 ? buckets / span : 0.0;

  out.downsampled = true;
  out.points.reserve(2 * buckets + 4);
  if (keepBegin < begin) out.points.append(points[keepBegin]);

  qsizetype minIdx = -1, maxIdx = -1;
  long current = -1;
  auto flush = [&]() {
    if (minIdx < 0) return;
    if (minIdx == maxIdx) {
      out.points.append(points[minIdx]);
    } else {
      out.points.append(points[std::min(minIdx, maxIdx)]);
      out.points.append(points[std::max(minIdx, maxIdx)]);
    }
    minIdx = maxIdx = -1;
  };
  for (qsizetype i = begin; i < end; ++i) {
    const QPointF& p = points[i];
    if (std::isnan(p.y())) continue;
    long b = static_cast<long>((coord(p.x()) - c0) * scale);
    b = std::clamp<long>(b, 0, buckets - 1);
    if (b != current) {
      flush();
      current = b;
    }
    if (minIdx < 0 || p.y() < points[minIdx].y()) minIdx = i;
    if (maxIdx < 0 || p.y() > points[maxIdx].y()) maxIdx = i;
  }
  flush();
  if (keepEnd > end) out.points.append(points[end]);
  return out;
}

}  // namespace w2s
