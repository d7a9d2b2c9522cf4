#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "ui/charts/Downsampler.h"

namespace w2s {
namespace {

QList<QPointF> noisy(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  QList<QPointF> pts;
  for (int i = 0; i < n; ++i) pts.append(QPointF(i, std::sin(i * 0.001) + noise(rng)));
  return pts;
}

TEST(DownsamplerTest, SmallSeriesPassesThroughUnchanged) {
  const QList<QPointF> pts = noisy(50, 1);
  const auto r = Downsampler::minMax(pts, 0, 49, 100);
  EXPECT_FALSE(r.downsampled);
  EXPECT_EQ(r.points, pts);
}

TEST(DownsamplerTest, KeepsMinimumAndMaximumOfEveryBucket) {
  const int n = 100000, buckets = 500;
  const QList<QPointF> pts = noisy(n, 2);
  const auto r = Downsampler::minMax(pts, 0, n - 1, buckets);
  ASSERT_TRUE(r.downsampled);
  EXPECT_LE(r.points.size(), 2 * buckets + 2);
  // Recompute each bucket's extremes independently and find them in the output.
  const double scale = buckets / static_cast<double>(n - 1);  // as the downsampler buckets
  for (int b = 0; b < buckets; ++b) {
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < n; ++i) {
      const int bi = std::min(buckets - 1, static_cast<int>(i * scale));
      if (bi != b) continue;
      lo = std::min(lo, pts[i].y());
      hi = std::max(hi, pts[i].y());
    }
    auto has = [&](double y) {
      return std::any_of(r.points.begin(), r.points.end(),
                         [&](const QPointF& p) { return p.y() == y; });
    };
    EXPECT_TRUE(has(lo)) << "bucket " << b << " lost its minimum";
    EXPECT_TRUE(has(hi)) << "bucket " << b << " lost its maximum";
  }
}

TEST(DownsamplerTest, KeepsASingleSpike) {
  QList<QPointF> pts;
  for (int i = 0; i < 1000000; ++i) pts.append(QPointF(i, 0.5));
  pts[654321].setY(0.99);
  const auto r = Downsampler::minMax(pts, 0, 999999, 800);
  ASSERT_TRUE(r.downsampled);
  EXPECT_TRUE(std::any_of(r.points.begin(), r.points.end(),
                          [](const QPointF& p) { return p.y() == 0.99 && p.x() == 654321; }));
}

TEST(DownsamplerTest, OutputStaysSortedByX) {
  const auto r = Downsampler::minMax(noisy(20000, 3), 0, 19999, 300);
  EXPECT_TRUE(std::is_sorted(r.points.begin(), r.points.end(),
                             [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); }));
}

TEST(DownsamplerTest, ZoomedRangeReBucketsOnlyTheVisiblePointsPlusOneNeighbourEachSide) {
  const QList<QPointF> pts = noisy(100000, 4);
  const auto r = Downsampler::minMax(pts, 40000, 40100, 500);
  // 101 visible points fit in 500 buckets: all kept, and the neighbours 39999 and 40101.
  EXPECT_FALSE(r.downsampled);
  EXPECT_EQ(r.visible, 101);
  ASSERT_EQ(r.points.size(), 103);
  EXPECT_EQ(r.points.front().x(), 39999);
  EXPECT_EQ(r.points.back().x(), 40101);
}

TEST(DownsamplerTest, SkipsNaNValues) {
  QList<QPointF> pts;
  for (int i = 0; i < 10000; ++i) pts.append(QPointF(i, i % 3 == 0 ? NAN : 1.0 * (i % 7)));
  const auto r = Downsampler::minMax(pts, 0, 9999, 100);
  for (const auto& p : r.points) EXPECT_FALSE(std::isnan(p.y()));
}

TEST(DownsamplerTest, LogBucketsGiveEqualShareToEachDecade) {
  QList<QPointF> pts;
  for (int i = 1; i <= 100000; ++i) pts.append(QPointF(i, (i * 7919) % 101));
  const auto r = Downsampler::minMax(pts, 1, 100000, 50, /*logX=*/true);
  // 5 decades, 10 buckets each: the first decade (x < 10) keeps all 9 of its points' extremes
  // bucketed finely, so several output points lie below x = 10.
  const auto belowTen =
      std::count_if(r.points.begin(), r.points.end(), [](const QPointF& p) { return p.x() < 10; });
  EXPECT_GE(belowTen, 5);
}

}  // namespace
}  // namespace w2s
