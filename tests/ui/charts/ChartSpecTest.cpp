// ChartSpec: the ranges a chart opens with (bands never set them on their own) and emptiness.
#include <gtest/gtest.h>

#include "ui/charts/ChartSpec.h"

namespace w2s {
namespace {

SeriesSpec line(std::initializer_list<QPointF> points) {
  SeriesSpec s;
  s.points = QList<QPointF>(points);
  return s;
}

SeriesSpec band(double lo, double hi) {
  SeriesSpec s;
  s.kind = SeriesKind::Band;
  s.points = {QPointF(1, hi), QPointF(2, hi)};
  s.lower = {QPointF(1, lo), QPointF(2, lo)};
  return s;
}

TEST(ChartSpecTest, AWideBandIsClippedInsteadOfFlatteningTheMeans) {
  ChartSpec spec;
  spec.series = {line({{1, 0.0}, {2, 0.9}}), band(-12, 10)};  // two seeds: a t-interval of ±11
  const FittedRanges r = spec.fittedRanges();
  EXPECT_TRUE(r.bandsClipped);
  // The means keep most of the height: at most half their span is added on each side.
  EXPECT_GT(r.y.first, -0.6);
  EXPECT_LT(r.y.second, 1.5);
  EXPECT_LE(r.y.first, 0.0);
  EXPECT_GE(r.y.second, 0.9);
}

TEST(ChartSpecTest, ANarrowBandIsShownWhole) {
  ChartSpec spec;
  spec.series = {line({{1, 0.4}, {2, 0.8}}), band(0.35, 0.9)};
  const FittedRanges r = spec.fittedRanges();
  EXPECT_FALSE(r.bandsClipped);
  EXPECT_LE(r.y.first, 0.35);
  EXPECT_GE(r.y.second, 0.9);
}

TEST(ChartSpecTest, AGivenRangeWinsAndStillReportsClipping) {
  ChartSpec spec;
  spec.series = {line({{1, 0.5}}), band(-1, 2)};
  spec.yRange = std::make_pair(0.0, 1.0);
  spec.xRange = std::make_pair(0.0, 3.0);
  const FittedRanges r = spec.fittedRanges();
  EXPECT_EQ(r.y, std::make_pair(0.0, 1.0));
  EXPECT_EQ(r.x, std::make_pair(0.0, 3.0));
  EXPECT_TRUE(r.bandsClipped);
}

TEST(ChartSpecTest, BandsAloneSetTheRangeAndLogAxesSkipNonPositiveValues) {
  ChartSpec spec;
  spec.series = {band(0.2, 0.4)};
  const FittedRanges r = spec.fittedRanges();
  EXPECT_FALSE(r.bandsClipped);
  EXPECT_LE(r.y.first, 0.2);
  EXPECT_GE(r.y.second, 0.4);

  ChartSpec log;
  log.logX = true;
  log.series = {line({{0, 0.5}, {1e4, 0.6}, {4e5, 0.7}})};
  const FittedRanges lr = log.fittedRanges();
  EXPECT_GT(lr.x.first, 0.0);
  EXPECT_LE(lr.x.first, 1e4);
}

TEST(ChartSpecTest, PanelsAreEmptyOnlyWhenEveryPanelIs) {
  ChartSpec spec;
  spec.panels.resize(2);
  EXPECT_TRUE(spec.faceted());
  EXPECT_TRUE(spec.isEmpty());
  spec.panels[1].series = {line({{1, 1}})};
  EXPECT_FALSE(spec.isEmpty());
  const QString key = spec.structureKey();
  spec.panels[1].series.front().name = QStringLiteral("other");
  EXPECT_NE(spec.structureKey(), key);
}

}  // namespace
}  // namespace w2s
