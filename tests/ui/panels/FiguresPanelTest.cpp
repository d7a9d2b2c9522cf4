#include <gtest/gtest.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtCharts/QXYSeries>
#include <algorithm>

#include "tests/ui/FixtureStore.h"
#include "tests/ui/QtAppFixture.h"
#include "ui/charts/ChartView.h"
#include "ui/charts/FacetLayout.h"
#include "ui/charts/FacetView.h"
#include "ui/charts/Facets.h"
#include "ui/charts/FigureCatalog.h"
#include "ui/charts/FigureChart.h"
#include "ui/charts/HeatmapItem.h"
#include "ui/panels/FiguresPanel.h"
#include "ui/panels/StudentPicker.h"

namespace w2s {
namespace {

class FiguresPanelTest : public test::QtAppTest {
 protected:
  void SetUp() override {
    test::QtAppTest::SetUp();
    ASSERT_TRUE(dir_.isValid());
    info_ = test::writeFixtureStore(dir_.filePath("runs.db").toStdString());
  }
  void load(FiguresPanel& panel) {
    QSignalSpy spy(&panel, &FiguresPanel::refreshed);
    panel.setStorePath(QString::fromStdString(info_.path));
    panel.setSweepId(info_.sweepId);
    ASSERT_TRUE(spy.wait(10000)) << "the store was not read";
  }
  /// Shows the panel with the store read and size figure `name` drawn as one chart.
  void showSizeFigure(FiguresPanel& panel, const QString& name) {
    panel.resize(1400, 800);
    panel.show();
    load(panel);
    ASSERT_TRUE(panel.setPanels("none"));
    panel.setCurrentFigure(name);
    QApplication::processEvents();
  }
  /// Waits until figure 1 has read the curves of exactly `students`.
  static bool curvesOf(FiguresPanel& panel, const QStringList& students) {
    std::vector<std::string> expected;
    for (const QString& h : students) expected.push_back(h.toStdString());
    std::sort(expected.begin(), expected.end());
    return QTest::qWaitFor(
        [&] {
          auto got = panel.data().curveStudents;
          std::sort(got.begin(), got.end());
          return got == expected;
        },
        10000);
  }
  QTemporaryDir dir_;
  test::FixtureStoreInfo info_;
};

TEST_F(FiguresPanelTest, ReadsTheStoreAndDrawsTheDefaultCurves) {
  FiguresPanel panel;
  load(panel);
  EXPECT_EQ(panel.data().students.size(), info_.students.size());
  EXPECT_EQ(panel.currentFigure(), "curves");
  ASSERT_NE(panel.chartView()->figureChart(), nullptr);
  EXPECT_FALSE(panel.chartView()->figureChart()->spec().isEmpty());
  EXPECT_EQ(panel.studentPicker()->checked(), panel.data().curveStudents);
  EXPECT_EQ(panel.studentPicker()->checked().size(), 2u);
}

TEST_F(FiguresPanelTest, LiveEvalPointsAreCoalescedIntoOneInPlaceRedraw) {
  FiguresPanel panel;
  load(panel);
  FigureChart* chart = panel.chartView()->figureChart();
  const std::string hash = panel.data().curveStudents.front();
  const qsizetype before = panel.data().curves.at(hash).size();
  for (int i = 1; i <= 50; ++i) {
    panel.onJobEval(QString::fromStdString(hash), 10000 + i, 0.5 + i * 0.001);
  }
  EXPECT_EQ(panel.data().curves.at(hash).size(), static_cast<size_t>(before));  // buffered
  QTest::qWait(200);
  EXPECT_EQ(panel.data().curves.at(hash).size(), static_cast<size_t>(before + 50));
  EXPECT_EQ(panel.chartView()->figureChart(), chart) << "the chart was rebuilt, not updated";
}

TEST_F(FiguresPanelTest, SwitchingFiguresShowsEachOne) {
  FiguresPanel panel;
  load(panel);
  ASSERT_TRUE(panel.setPanels("none"));  // one chart each; panels: ShowsPanelsWhen...
  for (const auto& f : FigureCatalog::all()) {
    panel.setCurrentFigure(f.name);
    ASSERT_FALSE(panel.showsPanels()) << f.name.toStdString();
    ASSERT_NE(panel.chartView()->figureChart(), nullptr);
    EXPECT_EQ(panel.chartView()->figureChart()->spec().id, f.name);
    EXPECT_EQ(panel.chartView()->figureChart()->heatmapItem() != nullptr, f.name == "heatmap");
  }
}

TEST_F(FiguresPanelTest, ShowsPanelsWhereTheLegendWouldBeLongAndOnRequest) {
  FiguresPanel panel;
  load(panel);
  // Agreement over 2 weak sizes x 2 losses x 3 splits is 12 lines: auto splits it.
  panel.setCurrentFigure("agreement");
  ASSERT_TRUE(panel.showsPanels());
  ASSERT_NE(panel.facetView()->facetLayout(), nullptr);
  const FacetLayout* grid = panel.facetView()->facetLayout();
  EXPECT_EQ(grid->spec().id, "agreement");
  EXPECT_GE(grid->charts().size(), 2u);
  EXPECT_LE(grid->legendEntries(), Facets::kMaxLegendEntries);
  // PGR has 4 lines: one chart; on request, a panel per loss.
  panel.setCurrentFigure("pgr");
  EXPECT_FALSE(panel.showsPanels());
  ASSERT_TRUE(panel.setPanels("loss"));
  ASSERT_TRUE(panel.showsPanels());
  EXPECT_EQ(panel.facetView()->facetLayout()->charts().size(), 2u);
  EXPECT_EQ(panel.facetView()->facetLayout()->charts()[0]->spec().title, "loss xent");
  // Curves cannot be split: the choice is off and the chart is single.
  panel.setCurrentFigure("curves");
  EXPECT_FALSE(panel.showsPanels());
  EXPECT_FALSE(panel.setPanels("loss"));
}

TEST_F(FiguresPanelTest, ClickingAPointOfASizeFigureOpensTheCurvesOfItsStudents) {
  FiguresPanel panel;
  showSizeFigure(panel, "pgr");
  FigureChart* chart = panel.chartView()->figureChart();
  ASSERT_NE(chart, nullptr);
  const SeriesSpec* line = nullptr;
  for (const auto& s : chart->spec().series) {
    if (!s.pointStudents.empty()) line = &s;
  }
  ASSERT_NE(line, nullptr) << "PGR points carry their students";
  ASSERT_EQ(line->pointStudents.size(), static_cast<size_t>(line->points.size()));
  const QStringList students = line->pointStudents.back();
  EXPECT_EQ(students.size(), 2) << "two seeds per cell in the fixture";
  EXPECT_TRUE(chart->tooltipText(&*line - chart->spec().series.data(), line->points.back())
                  .contains("click: the curves of its 2 student(s)"));
  // Click exactly on the point, as a user would.
  const QPointF at = chart->mapToPosition(line->points.back());
  const QPoint viewPos = panel.chartView()->mapFromScene(chart->mapToScene(at));
  QTest::mouseClick(panel.chartView()->viewport(), Qt::LeftButton, {}, viewPos);
  EXPECT_EQ(panel.currentFigure(), "curves");
  ASSERT_TRUE(curvesOf(panel, students));
  // A click on empty plot area opens nothing.
  panel.setCurrentFigure("pgr");
  QApplication::processEvents();
  chart = panel.chartView()->figureChart();
  const QPointF empty = chart->plotArea().topLeft() + QPointF(3, 3);
  EXPECT_FALSE(chart->clickAt(empty));
}

TEST_F(FiguresPanelTest, HoveringACurveRingsItsStudentsPointsInTheSizeFigureBeside) {
  FiguresPanel panel;
  panel.setLinkedShown(true);  // the choice is kept in QSettings
  showSizeFigure(panel, "accuracy");
  EXPECT_FALSE(panel.linkedView()->isVisible()) << "only beside curves";
  const ChartSpec sizeSpec = panel.chartView()->figureChart()->spec();
  // The students of two points: the first and last point of the last line that has any.
  QStringList students;
  for (const auto& s : sizeSpec.series) {
    if (s.pointStudents.size() >= 2) students = s.pointStudents.front() + s.pointStudents.back();
  }
  ASSERT_FALSE(students.isEmpty());
  panel.openCurves(students);
  ASSERT_TRUE(curvesOf(panel, students));
  QApplication::processEvents();
  EXPECT_EQ(panel.currentFigure(), "curves");
  EXPECT_EQ(panel.linkedFigure(), "accuracy") << "the figure clicked in stays beside";
  ASSERT_TRUE(panel.linkedView()->isVisible());
  FigureChart* linked = panel.linkedView()->figureChart();
  ASSERT_NE(linked, nullptr);
  EXPECT_EQ(linked->spec().id, sizeSpec.id);

  // Hover the first student's curve, as QtCharts reports it.
  FigureChart* curves = panel.chartView()->figureChart();
  const QString student = students.front();
  QXYSeries* curve = nullptr;
  for (const auto& s : curves->spec().series) {
    if (s.student != student || s.kind != SeriesKind::Line || !s.inLegend) continue;
    for (QAbstractSeries* a : curves->series()) {
      if (a->name() == s.name) curve = qobject_cast<QXYSeries*>(a);
    }
  }
  ASSERT_NE(curve, nullptr) << "a curve names the student it stands for";
  // Unhovered, every drawn student's points are ringed; hovered, only that student's.
  const QList<QPointF> all = linked->highlightedPoints();
  Q_EMIT curve->hovered(curve->at(0), true);
  const QList<QPointF> ringed = linked->highlightedPoints();
  EXPECT_LT(ringed.size(), all.size());
  ASSERT_FALSE(ringed.isEmpty());
  for (const QPointF& p : ringed) {
    bool behind = false;
    for (const auto& s : linked->spec().series) {
      for (size_t k = 0; k < s.pointStudents.size(); ++k) {
        behind |= s.points[static_cast<qsizetype>(k)] == p && s.pointStudents[k].contains(student);
      }
    }
    EXPECT_TRUE(behind) << "a ring at (" << p.x() << ", " << p.y() << ") is not the student's";
  }
  Q_EMIT curve->hovered(curve->at(0), false);
  EXPECT_EQ(linked->highlightedPoints(), all);

  panel.setLinkedShown(false);
  EXPECT_FALSE(panel.linkedView()->isVisible());
  FiguresPanel another;
  EXPECT_FALSE(another.findChild<QCheckBox*>("showLinked")->isChecked()) << "the choice is kept";
  panel.setLinkedShown(true);
  EXPECT_TRUE(panel.linkedView()->isVisible());
}

TEST_F(FiguresPanelTest, ExportAllWritesEveryFigureInEveryFormat) {
  FiguresPanel panel;
  load(panel);
  ExportOptions o;
  o.dpi = 100;
  panel.setExportOptions(o);
  QSignalSpy spy(&panel, &FiguresPanel::exported);
  const QString out = dir_.filePath("figures");
  panel.exportAll(out);
  ASSERT_EQ(spy.count(), 1);
  for (const auto& f : FigureCatalog::all()) {
    // The fixture has no synthetic supervisors: that study is skipped, not drawn as empty axes.
    const bool written = f.name != "error-structure";
    for (const char* suffix : {".pdf", ".svg", ".png", ".csv"}) {
      EXPECT_EQ(QFile::exists(QDir(out).filePath(f.name + suffix)), written)
          << (f.name + suffix).toStdString();
    }
  }
}

TEST_F(FiguresPanelTest, CompareOffersTheStoresMethodsAndRedrawsOnAChoice) {
  FiguresPanel panel;
  load(panel);
  panel.setCurrentFigure("compare");
  auto* a = panel.findChild<QComboBox*>("methodA");
  auto* b = panel.findChild<QComboBox*>("methodB");
  auto* metric = panel.findChild<QComboBox*>("compareMetric");
  ASSERT_TRUE(a && b && metric);
  EXPECT_TRUE(a->isVisibleTo(&panel));
  ASSERT_EQ(b->count(), 2);  // xent and logconf
  EXPECT_EQ(b->currentData().toString(), "xent");
  EXPECT_EQ(a->currentData().toString(), "logconf");
  EXPECT_EQ(panel.chartView()->figureChart()->spec().title, "logconf vs xent");
  a->setCurrentIndex(a->findData("xent"));
  b->setCurrentIndex(b->findData("logconf"));
  metric->setCurrentIndex(metric->findData(static_cast<int>(OutcomeMetric::W2sAcc)));
  const ChartSpec& spec = panel.chartView()->figureChart()->spec();
  EXPECT_EQ(spec.title, "xent vs logconf");
  EXPECT_TRUE(spec.yTitle.contains("accuracy")) << spec.yTitle.toStdString();
  EXPECT_EQ(panel.options().compareMetric, OutcomeMetric::W2sAcc);
  // The choice survives a re-read of the store.
  QSignalSpy spy(&panel, &FiguresPanel::refreshed);
  panel.scheduleRefresh();
  ASSERT_TRUE(spy.wait(10000));
  EXPECT_EQ(panel.options().methodA, "xent");
  EXPECT_EQ(panel.options().methodB, "logconf");
  panel.setCurrentFigure("pgr");
  EXPECT_FALSE(a->isVisibleTo(&panel));
}

TEST_F(FiguresPanelTest, AnUnreadableStoreIsReportedNotThrown) {
  FiguresPanel panel;
  QSignalSpy errors(&panel, &FiguresPanel::errorOccurred);
  QFile junk(dir_.filePath("junk.db"));
  ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
  junk.write("this is not a database, just some bytes that sqlite will refuse to open");
  junk.close();
  panel.setStorePath(junk.fileName());
  ASSERT_TRUE(errors.wait(10000));
  EXPECT_FALSE(errors.front().front().toString().isEmpty());
}

}  // namespace
}  // namespace w2s
