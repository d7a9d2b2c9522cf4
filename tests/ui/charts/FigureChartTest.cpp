// FigureChart and ChartView: each figure renders, updates in place, toggles, downsamples.
#include <gtest/gtest.h>

#include <QApplication>
#include <QImage>
#include <QTemporaryDir>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <cmath>

#include "core/store/RunStore.h"
#include "tests/ui/FixtureStore.h"
#include "tests/ui/QtAppFixture.h"
#include "ui/charts/ChartView.h"
#include "ui/charts/FigureCatalog.h"
#include "ui/charts/FigureChart.h"
#include "ui/charts/FigureStyle.h"
#include "ui/charts/Palette.h"

namespace w2s {
namespace {

// Pixels within a small distance of `c` (antialiasing blends edges).
int pixelsNear(const QImage& img, const QColor& c, int tol = 40) {
  int n = 0;
  for (int y = 0; y < img.height(); ++y) {
    for (int x = 0; x < img.width(); ++x) {
      const QColor p = img.pixelColor(x, y);
      if (std::abs(p.red() - c.red()) + std::abs(p.green() - c.green()) +
              std::abs(p.blue() - c.blue()) <
          tol) {
        ++n;
      }
    }
  }
  return n;
}

int nonBackground(const QImage& img, const QColor& bg) {
  return img.width() * img.height() - pixelsNear(img, bg, 6);
}

ChartSpec longCurve(int n) {
  ChartSpec spec;
  spec.id = "long";
  spec.xTitle = "step";
  spec.yTitle = "acc";
  SeriesSpec s;
  s.name = "curve";
  s.downsample = true;
  s.color = Palette::weakColor(0);
  for (int i = 0; i < n; ++i) s.points.append(QPointF(i, 0.5 + 0.3 * std::sin(i * 1e-4)));
  spec.series.push_back(s);
  return spec;
}

class FigureChartTest : public test::QtAppTest {
 protected:
  void SetUp() override {
    test::QtAppTest::SetUp();
    ASSERT_TRUE(dir_.isValid());
    info_ = test::writeFixtureStore(dir_.filePath("runs.db").toStdString());
    RunStore store(info_.path);
    data_ = FigureData::load(store, info_.sweepId);
  }
  QImage show(ChartView& view, FigureChart* chart) {
    view.setFigureChart(chart);
    view.resize(900, 560);
    view.show();
    QApplication::processEvents();
    return view.grab().toImage().convertToFormat(QImage::Format_RGB32);
  }
  QTemporaryDir dir_;
  test::FixtureStoreInfo info_;
  FigureData data_;
};

TEST_F(FigureChartTest, EveryFigureRendersItsSeriesOnScreen) {
  FigureStyle style = FigureStyle::screen();
  style.dark = false;
  const QColor w16 = Palette::weakColor(data_.weakIndex("w16"));
  FigureOptions single;  // one chart each (panels: FacetsTest)
  single.facetAuto = false;
  for (const auto& f : FigureCatalog::all()) {
    ChartView view;
    const QImage img =
        show(view, new FigureChart(FigureCatalog::build(f.name, data_, single), style));
    EXPECT_GT(nonBackground(img, style.background()), 2000) << f.name.toStdString();
    // The fixture has no synthetic supervisors: error-structure shows its empty text
    // (FiguresTest.ErrorStructureFromLabelSourceCurves covers its data).
    if (f.name != "heatmap" && f.name != "error-structure") {
      EXPECT_GT(pixelsNear(img, w16), 30) << f.name.toStdString() << ": no w16-coloured pixels";
    }
  }
}

TEST_F(FigureChartTest, ASeriesWithNothingToDrawHasNoLegendEntry) {
  ChartSpec spec;
  SeriesSpec drawn, empty;
  drawn.name = QStringLiteral("w4 · xent");
  drawn.points = {QPointF(1, 0.5), QPointF(2, 0.6)};
  empty.name = QStringLiteral("w16 · xent");  // every cell unstable: nothing drawn
  SeriesSpec key;                             // explains a marker: listed without points
  key.name = QStringLiteral("final");
  key.kind = SeriesKind::Scatter;
  key.marker = Marker::Circle;
  key.legendKey = true;
  spec.series = {drawn, empty, key};
  ChartView view;
  auto* chart = new FigureChart(spec, FigureStyle::screen());
  show(view, chart);
  QStringList shown;
  for (QLegendMarker* m : chart->legend()->markers()) {
    if (m->isVisible()) shown << m->label();
  }
  EXPECT_EQ(shown, (QStringList{"w4 · xent", "final"}));
}

TEST_F(FigureChartTest, SizeFiguresUseLogAxesForParameterCounts) {
  FigureChart chart(FigureCatalog::build("accuracy", data_, {}), FigureStyle::screen());
  const auto horizontal = chart.axes(Qt::Horizontal);
  ASSERT_EQ(horizontal.size(), 1);
  EXPECT_NE(qobject_cast<QLogValueAxis*>(horizontal.front()), nullptr);
  FigureOptions o;
  o.logY = true;
  FigureChart logY(FigureCatalog::build("accuracy", data_, o), FigureStyle::screen());
  EXPECT_NE(qobject_cast<QLogValueAxis*>(logY.axes(Qt::Vertical).front()), nullptr);
}

TEST_F(FigureChartTest, UpdateReplacesPointsInPlaceAndRefusesANewStructure) {
  ChartSpec spec = FigureCatalog::build("pgr", data_, {});
  FigureChart chart(spec, FigureStyle::screen());
  size_t line = 0;
  while (spec.series[line].kind != SeriesKind::Line) ++line;
  spec.series[line].points.append(QPointF(1e5, 0.5));
  ASSERT_TRUE(chart.updateData(spec));
  EXPECT_EQ(chart.drawnPointCount(line), spec.series[line].points.size());
  ChartSpec other = FigureCatalog::build("accuracy", data_, {});
  EXPECT_FALSE(chart.updateData(other));
}

TEST_F(FigureChartTest, LegendClickTogglesTheWholeGroup) {
  FigureOptions o;
  o.band = BandKind::MinMax;
  const ChartSpec spec = FigureCatalog::build("accuracy", data_, o);
  FigureChart chart(spec, FigureStyle::screen());
  size_t line = 0, band = 0;
  for (size_t i = 0; i < spec.series.size(); ++i) {
    if (spec.series[i].kind == SeriesKind::Line && spec.series[i].name.startsWith("w4")) line = i;
  }
  for (size_t i = 0; i < spec.series.size(); ++i) {
    if (spec.series[i].kind == SeriesKind::Band && spec.series[i].group == spec.series[line].group)
      band = i;
  }
  ASSERT_NE(band, 0u);
  chart.toggleGroup(line);
  EXPECT_FALSE(chart.isSeriesVisible(line));
  EXPECT_FALSE(chart.isSeriesVisible(band));
  EXPECT_EQ(chart.exportSpec().series.size(), spec.series.size() - 2);
  chart.toggleGroup(line);
  EXPECT_TRUE(chart.isSeriesVisible(band));
}

TEST_F(FigureChartTest, HighlightRingsTheVisiblePointsOfTheGivenStudents) {
  ChartSpec spec;
  spec.id = "rings";
  for (int k = 0; k < 2; ++k) {
    SeriesSpec s;
    s.name = k == 0 ? "xent" : "logconf";
    s.marker = Marker::Circle;
    s.color = Palette::weakColor(k);
    s.points = {QPointF(1, 0.2 + k), QPointF(2, 0.4 + k), QPointF(3, 0.6 + k)};
    s.pointStudents = {{"a", "b"}, {"c"}, {"a"}};
    s.group = k;
    spec.series.push_back(s);
  }
  FigureChart chart(spec, FigureStyle::screen());
  EXPECT_TRUE(chart.highlightedPoints().isEmpty());
  chart.highlightStudents({"a"});
  EXPECT_EQ(chart.highlightedPoints(),
            (QList<QPointF>{QPointF(1, 0.2), QPointF(3, 0.6), QPointF(1, 1.2), QPointF(3, 1.6)}));
  // The rings are no series of the figure: no legend entry, not exported.
  EXPECT_EQ(chart.exportSpec().series.size(), 2u);
  for (QLegendMarker* m : chart.legend()->markers()) {
    if (m->label() == "highlight") {
      EXPECT_FALSE(m->isVisible());
    }
  }
  // A hidden series keeps its points unringed; new data moves the rings with it.
  chart.toggleGroup(1);
  EXPECT_EQ(chart.highlightedPoints(), (QList<QPointF>{QPointF(1, 0.2), QPointF(3, 0.6)}));
  spec.series[0].points[2] = QPointF(3, 0.7);
  ASSERT_TRUE(chart.updateData(spec));
  EXPECT_EQ(chart.highlightedPoints(), (QList<QPointF>{QPointF(1, 0.2), QPointF(3, 0.7)}));
  chart.highlightStudents({});
  EXPECT_TRUE(chart.highlightedPoints().isEmpty());
}

TEST_F(FigureChartTest, TooltipNamesTheSeriesAndItsValues) {
  FigureOptions o;
  o.loss = "xent";
  const ChartSpec spec = FigureCatalog::build("pgr", data_, o);
  FigureChart chart(spec, FigureStyle::screen());
  for (size_t i = 0; i < spec.series.size(); ++i) {
    if (!spec.series[i].name.startsWith("w4") || spec.series[i].kind == SeriesKind::Band) continue;
    const QString t = chart.tooltipText(i, spec.series[i].points[0]);
    EXPECT_TRUE(t.contains("w4"));
    EXPECT_TRUE(t.contains("n = 2")) << t.toStdString();
  }
}

TEST_F(FigureChartTest, MillionPointCurveIsDownsampledAndKeepsItsSpikes) {
  ChartView view;
  FigureChart* chart = new FigureChart(longCurve(1000000), FigureStyle::screen());
  show(view, chart);
  chart->rebucket();
  EXPECT_TRUE(chart->isDownsampled());
  EXPECT_LE(chart->drawnPointCount(0), 2 * static_cast<qsizetype>(chart->plotArea().width()) + 8);
  EXPECT_TRUE(chart->notesText().contains("downsampled"));

  // A redraw with new data: replace + downsample + paint (its time is measured by
  // `w2s plot --bench`, not here).
  ChartSpec next = longCurve(1000000);
  next.series[0].points[500000].setY(0.99);  // a spike must survive
  QImage frame(view.size(), QImage::Format_ARGB32_Premultiplied);
  ASSERT_TRUE(chart->updateData(next));
  QPainter painter(&frame);
  view.render(&painter);
  painter.end();
  auto* y = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).front());
  ASSERT_NE(y, nullptr);
  EXPECT_GE(y->max(), 0.99);

  // Zoom into a narrow range: re-bucketed, showing the full-resolution points there.
  auto* x = qobject_cast<QValueAxis*>(chart->axes(Qt::Horizontal).front());
  x->setRange(1000, 1200);
  chart->rebucket();
  EXPECT_FALSE(chart->isDownsampled());
  EXPECT_EQ(chart->drawnPointCount(0), 203);
}

TEST_F(FigureChartTest, WheelZoomMarksTheChartZoomedAndResetRestoresTheDataRange) {
  ChartView view;
  FigureChart* chart = new FigureChart(longCurve(1000), FigureStyle::screen());
  show(view, chart);
  auto* x = qobject_cast<QValueAxis*>(chart->axes(Qt::Horizontal).front());
  const double span = x->max() - x->min();
  const QPointF center = view.mapFromScene(chart->mapToScene(chart->plotArea().center()));
  QWheelEvent wheel(center, view.mapToGlobal(center.toPoint()), QPoint(), QPoint(0, 240),
                    Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(view.viewport(), &wheel);
  EXPECT_LT(x->max() - x->min(), span * 0.8);
  EXPECT_TRUE(chart->userZoomed());
  view.resetZoom();
  EXPECT_FALSE(chart->userZoomed());
  EXPECT_NEAR(x->max() - x->min(), span, span * 1e-9);
}

}  // namespace
}  // namespace w2s
