#include <gtest/gtest.h>

#include <QDropEvent>
#include <QItemSelectionModel>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QUrl>
#include <algorithm>
#include <fstream>

#include "core/store/RunStore.h"
#include "tests/core/interop/InteropFixtures.h"
#include "tests/ui/FixtureStore.h"
#include "tests/ui/QtAppFixture.h"
#include "tests/ui/UiFixtures.h"
#include "ui/MainWindow.h"
#include "ui/bridge/TrainingController.h"
#include "ui/models/QueueModel.h"
#include "ui/models/RunFilterProxy.h"
#include "ui/models/RunTableModel.h"
#include "ui/panels/FiguresPanel.h"
#include "ui/panels/QueuePanel.h"
#include "ui/panels/ResultsPanel.h"
#include "ui/panels/RunBrowserPanel.h"
#include "ui/panels/StudentPicker.h"
#include "ui/panels/SweepDesignerPanel.h"

namespace w2s {
namespace {

class MainWindowTest : public test::QtAppTest {
 protected:
  void SetUp() override {
    test::QtAppTest::SetUp();
    dir_ = test::uiTempDir("window");
    db_ = QString::fromStdString((dir_ / "runs.db").string());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  QString writeSweep(const std::string& name, const nlohmann::json& j) {
    const auto path = dir_ / name;
    std::ofstream(path) << j.dump(2);
    return QString::fromStdString(path.string());
  }
  // Writes the UI fixture store (FixtureStore.h) as `name`, opens it and waits for the figures'
  // first read.
  void openFixtureStore(MainWindow& w, const std::string& name) {
    const QString store = QString::fromStdString((dir_ / name).string());
    test::writeFixtureStore(store.toStdString());
    w.setConfirmQuit(false);
    QSignalSpy refreshed(w.figures(), &FiguresPanel::refreshed);
    ASSERT_TRUE(w.openStore(store));
    ASSERT_TRUE(refreshed.wait(10000));
  }
  static bool waitIdle(MainWindow& w, int ms = 120000) {
    return QTest::qWaitFor([&] { return !w.controller()->isRunning(); }, ms);
  }
  std::filesystem::path dir_;
  QString db_;
};

TEST_F(MainWindowTest, RunsASweepIntoTheStoreAndShowsIt) {
  MainWindow w;
  w.setConfirmQuit(false);
  ASSERT_TRUE(w.openStore(db_));
  ASSERT_TRUE(w.loadSweep(writeSweep("mini.json", test::uiMiniSweepJson())));
  ASSERT_TRUE(w.runSweep());
  EXPECT_EQ(w.tabs()->currentIndex(), MainWindow::QueueTab);
  ASSERT_TRUE(waitIdle(w));
  EXPECT_TRUE(w.lastError().isEmpty()) << w.lastError().toStdString();
  EXPECT_EQ(w.queueModel()->rowCount(), 0);
  EXPECT_EQ(w.queueModel()->finishedCount(), 3);
  w.runs()->reload();
  ASSERT_EQ(w.runs()->model()->rowCount(), 3);
  for (int r = 0; r < 3; ++r) EXPECT_EQ(w.runs()->model()->record(r)->status, JobStatus::Done);
}

TEST_F(MainWindowTest, CancelMidRunKeepsTheStoreConsistentAndTheWindowUsable) {
  MainWindow w;
  w.setConfirmQuit(false);
  ASSERT_TRUE(w.openStore(db_));
  ASSERT_TRUE(w.loadSweep(writeSweep("long.json", test::uiSweepJson(3000, 2000))));
  bool progressed = false;
  QObject::connect(w.controller(), &TrainingController::sweepEvent, &w, [&](const SweepEvent& e) {
    progressed = progressed || std::holds_alternative<JobProgressed>(e);
  });
  ASSERT_TRUE(w.runSweep());
  ASSERT_TRUE(QTest::qWaitFor([&] { return progressed; }, 60000));
  // The queue shows the running jobs while they train.
  EXPECT_GE(w.queueModel()->runningCount(), 1);
  EXPECT_GT(w.queueModel()->rowCount(), w.queueModel()->runningCount());
  EXPECT_TRUE(w.queue()->progressText().contains(QStringLiteral("ETA")));
  w.cancelSweep();
  ASSERT_TRUE(waitIdle(w, 60000));
  {
    RunStore store(db_.toStdString());
    for (const auto& j : store.jobs()) EXPECT_NE(j.status, JobStatus::Running) << j.hash;
  }
  // Usable afterwards: another sweep runs to the end and the table shows both.
  ASSERT_TRUE(w.loadSweep(writeSweep("mini.json", test::uiMiniSweepJson())));
  ASSERT_TRUE(w.runSweep());
  ASSERT_TRUE(waitIdle(w));
  w.runs()->reload();
  int done = 0;
  for (int r = 0; r < w.runs()->model()->rowCount(); ++r) {
    const JobRecord* rec = w.runs()->model()->record(r);
    EXPECT_NE(rec->status, JobStatus::Running);
    done += rec->status == JobStatus::Done;
  }
  EXPECT_GE(done, 3);
  for (int t = 0; t < w.tabs()->count(); ++t) w.tabs()->setCurrentIndex(t);
}

TEST_F(MainWindowTest, BadStoreKeepsTheCurrentOne) {
  MainWindow w;
  w.setConfirmQuit(false);
  ASSERT_TRUE(w.openStore(db_));
  const QString notAFile = QString::fromStdString(dir_.string());  // a folder
  EXPECT_FALSE(w.openStore(notAFile));
  EXPECT_FALSE(w.lastError().isEmpty());
  EXPECT_EQ(w.storePath(), db_);
}

TEST_F(MainWindowTest, AResultsRowOpensTheCurvesOfItsStudents) {
  MainWindow w;
  openFixtureStore(w, "results.db");
  // The results tab holds the report of the sweep the figures read.
  ASSERT_GT(w.results()->proxy()->rowCount(), 0);
  EXPECT_EQ(w.results()->table().rows.size(), aggregate(w.figures()->data().outcomes).size());
  const std::vector<std::string> hashes = w.results()->studentsOfRow(0);
  ASSERT_FALSE(hashes.empty());
  Q_EMIT w.results()->studentsChosen(hashes);
  EXPECT_EQ(w.tabs()->currentIndex(), MainWindow::FiguresTab);
  EXPECT_EQ(w.figures()->currentFigure(), "curves");
  ASSERT_TRUE(QTest::qWaitFor([&] { return w.figures()->data().curveStudents == hashes; }, 10000));
  for (const auto& h : hashes) EXPECT_TRUE(w.figures()->data().curves.count(h)) << h;
}

TEST_F(MainWindowTest, StudentsSelectedInTheRunsTableAreTheOnesFigureOneDraws) {
  MainWindow w;
  openFixtureStore(w, "select.db");
  RunBrowserPanel* runs = w.runs();
  runs->reload();
  std::vector<std::string> chosen;
  QItemSelectionModel* selection = runs->table()->selectionModel();
  selection->clearSelection();
  for (int r = 0; r < runs->model()->rowCount() && chosen.size() < 2; ++r) {
    const JobRecord* rec = runs->model()->record(r);
    if (rec->kind != JobKind::Student) continue;
    chosen.push_back(rec->hash);
    selection->select(runs->proxy()->mapFromSource(runs->model()->index(r, 0)),
                      QItemSelectionModel::Select | QItemSelectionModel::Rows);
  }
  ASSERT_EQ(chosen.size(), 2u);
  auto got = w.figures()->studentPicker()->checked();
  std::sort(got.begin(), got.end());
  std::sort(chosen.begin(), chosen.end());
  EXPECT_EQ(got, chosen);
  // The other way: the students checked for figure 1 are the rows selected.
  w.figures()->setCurveStudents({chosen.front()});
  auto selectedHashes = [&] {
    std::vector<std::string> out;
    for (const QModelIndex& row : selection->selectedRows()) {
      out.push_back(runs->model()->record(runs->proxy()->mapToSource(row).row())->hash);
    }
    return out;
  };
  EXPECT_EQ(selectedHashes(), std::vector<std::string>{chosen.front()});
  // A runs selection with a weak model in it stays as the user made it.
  selection->clearSelection();
  int rows = 0;
  for (int r = 0; r < runs->model()->rowCount() && rows < 2; ++r) {
    const JobKind kind = runs->model()->record(r)->kind;
    if ((rows == 0 && kind == JobKind::Weak) || (rows == 1 && kind == JobKind::Student)) {
      selection->select(runs->proxy()->mapFromSource(runs->model()->index(r, 0)),
                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
      ++rows;
    }
  }
  ASSERT_EQ(rows, 2);
  EXPECT_EQ(selection->selectedRows().size(), 2);
}

TEST_F(MainWindowTest, DroppingAStoreFileOpensIt) {
  const QString other = QString::fromStdString((dir_ / "other.db").string());
  test::makeFixtureStore(other.toStdString());
  MainWindow w;
  w.setConfirmQuit(false);
  ASSERT_TRUE(w.openStore(db_));
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(other)});
  QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&w, &enter);
  EXPECT_TRUE(enter.isAccepted());
  QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&w, &drop);
  EXPECT_EQ(w.storePath(), other);
  EXPECT_GT(w.runs()->model()->rowCount(), 0);
  EXPECT_EQ(QSettings().value(QStringLiteral("store/last")).toString(), other);
}

TEST_F(MainWindowTest, InvalidSweepDoesNotRun) {
  MainWindow w;
  w.setConfirmQuit(false);
  ASSERT_TRUE(w.openStore(db_));
  nlohmann::json bad = test::uiMiniSweepJson();
  bad["weak_sizes"] = {"s5"};
  ASSERT_TRUE(w.loadSweep(writeSweep("bad.json", bad)));
  EXPECT_FALSE(w.runSweep());
  EXPECT_FALSE(w.controller()->isRunning());
  EXPECT_TRUE(w.lastError().contains(QStringLiteral("weak_sizes[0]")));
  EXPECT_EQ(w.tabs()->currentIndex(), MainWindow::DesignerTab);
}

TEST_F(MainWindowTest, ImportsAResultsFolderAndExportsItsSummaries) {
  // Two seeds of gpt2 -> gpt2-medium (xent students), as openai/weak-to-strong writes them.
  const auto root = dir_ / "results";
  for (uint64_t seed : {0, 1}) {
    const std::string s = std::to_string(seed);
    const auto weak = test::openAiGtConfig("gpt2", seed);
    test::writeOpenAiRun(root, "ms=gpt2-s=" + s, weak, 0.70);
    test::writeOpenAiRun(root, "ms=gpt2-medium-s=" + s, test::openAiGtConfig("gpt2-medium", seed),
                         0.80);
    test::writeOpenAiRun(root, "l=xent-ms=gpt2-medium-s=" + s + "-wms=gpt2",
                         test::openAiStudentConfig(weak, "gpt2-medium", "xent"), 0.75);
  }
  MainWindow w;
  w.setConfirmQuit(false);
  ASSERT_TRUE(w.openStore(db_));
  const qint64 sweep = w.importResults(QString::fromStdString(root.string()));
  ASSERT_GT(sweep, 0) << w.lastError().toStdString();
  EXPECT_TRUE(w.lastError().isEmpty()) << w.lastError().toStdString();
  EXPECT_EQ(w.runs()->model()->rowCount(), 6);  // 2 weak, 2 ceilings, 2 students
  EXPECT_EQ(w.figures()->sweepId(), sweep);

  const auto out = dir_ / "export";
  ASSERT_TRUE(w.exportResults(QString::fromStdString(out.string())));
  for (const char* f : {"summary.json", "summary.csv", "outcomes.csv", "curves.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(out / f)) << f;
  }
  std::ifstream in(out / "summary.json");
  const auto summary = nlohmann::json::parse(in);
  ASSERT_TRUE(summary.contains("groups")) << summary.dump().substr(0, 200);
  ASSERT_EQ(summary["groups"].size(), 1u);
  // PGR = (0.75 - 0.70) / (0.80 - 0.70) = 0.5 in both seeds.
  EXPECT_NEAR(summary["groups"][0]["pgr"]["mean"].get<double>(), 0.5, 1e-9);

  // A malformed folder: an error naming the file, and the store keeps what it had.
  const auto bad = dir_ / "bad";
  test::writeText(bad / "default" / "ms=gpt2-s=0" / "config.json", "{ not json");
  test::writeJsonFile(bad / "default" / "ms=gpt2-s=0" / "results_summary.json",
                      {{"accuracy", 0.7}});
  EXPECT_EQ(w.importResults(QString::fromStdString(bad.string())), -1);
  EXPECT_TRUE(w.lastError().contains("config.json")) << w.lastError().toStdString();
  EXPECT_EQ(RunStore(db_.toStdString()).sweeps().size(), 1u);
}

}  // namespace
}  // namespace w2s
