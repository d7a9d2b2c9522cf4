#pragma once
// Per-pixel min/max downsampling of a curve for drawing. The math (smoothing, best/final) always
// runs on the full-resolution data; only the points handed to the chart are thinned.
#include <QList>
#include <QPointF>

namespace w2s {

struct DownsampleResult {
  QList<QPointF> points;
  bool downsampled = false;  ///< true when points were dropped
  qsizetype visible = 0;     ///< full-resolution points inside [x0, x1]
};

class Downsampler {
 public:
  /// Thins `points` (sorted by x; NaN y allowed and skipped) to at most about 2 points per bucket
  /// over the visible x range [x0, x1], split into `buckets` equal columns (in log10 x when
  /// `logX`). Each bucket keeps its minimum and maximum y in their original order, so spikes
  /// survive. One point on each side outside the range is kept, so the line reaches the edges.
  /// When the visible points already fit in 2 per bucket they are returned unchanged.
  static DownsampleResult minMax(const QList<QPointF>& points, double x0, double x1, int buckets,
                                 bool logX = false);
};

}  // namespace w2s
