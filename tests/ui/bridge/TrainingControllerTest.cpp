#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <fstream>
#include <map>
#include <set>

#include "tests/ui/QtAppFixture.h"
#include "tests/ui/UiFixtures.h"
#include "ui/bridge/TrainingController.h"

namespace w2s {
namespace {

QString text(const nlohmann::json& j) { return QString::fromStdString(j.dump()); }

class TrainingControllerTest : public test::QtAppTest {
 protected:
  void SetUp() override {
    test::QtAppTest::SetUp();
    dir_ = test::uiTempDir("controller");
    db_ = QString::fromStdString((dir_ / "runs.db").string());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  /// Waits (running the event loop) until the controller's run has ended.
  static bool waitIdle(TrainingController& c, int ms = 120000) {
    return QTest::qWaitFor([&] { return !c.isRunning(); }, ms);
  }
  std::filesystem::path dir_;
  QString db_;
};

TEST_F(TrainingControllerTest, EmitsEverySignalQueuedOnTheGuiThread) {
  TrainingController c;
  QSignalSpy started(&c, &TrainingController::sweepStarted);
  QSignalSpy jobStarted(&c, &TrainingController::jobStarted);
  QSignalSpy progress(&c, &TrainingController::jobProgress);
  QSignalSpy eval(&c, &TrainingController::jobEval);
  QSignalSpy finished(&c, &TrainingController::jobFinished);
  QSignalSpy sweepFinished(&c, &TrainingController::sweepFinished);
  QSignalSpy errors(&c, &TrainingController::errorOccurred);
  QSignalSpy running(&c, &TrainingController::runningChanged);
  bool allOnGuiThread = true;
  QObject::connect(&c, &TrainingController::jobProgress, &c, [&] {
    allOnGuiThread = allOnGuiThread && QThread::currentThread() == qApp->thread();
  });

  c.start(text(test::uiMiniSweepJson()), db_, 2);
  EXPECT_TRUE(c.isRunning());  // start() returns at once, training runs elsewhere
  ASSERT_TRUE(waitIdle(c));
  ASSERT_EQ(errors.count(), 0) << errors.value(0).value(0).toString().toStdString();
  ASSERT_EQ(started.count(), 1);
  EXPECT_EQ(started[0][1].toInt(), 3);  // weak, ceiling, student
  EXPECT_EQ(started[0][2].toInt(), 0);
  EXPECT_EQ(jobStarted.count(), 3);
  std::set<QString> kinds;
  for (const auto& args : jobStarted) {
    kinds.insert(args[1].toString());
    EXPECT_FALSE(args[2].toString().isEmpty());  // a label
  }
  EXPECT_EQ(kinds, (std::set<QString>{"weak", "ceiling", "student"}));
  ASSERT_EQ(finished.count(), 3);
  for (const auto& args : finished) EXPECT_EQ(args[1].toString(), QStringLiteral("done"));
  EXPECT_GE(progress.count(), 3);  // at least each job's last step
  for (const auto& args : progress) EXPECT_LE(args[1].toLongLong(), args[2].toLongLong());
  EXPECT_GE(eval.count(), 3);
  ASSERT_EQ(sweepFinished.count(), 1);
  EXPECT_EQ(sweepFinished[0][0].toInt(), 3);
  EXPECT_EQ(sweepFinished[0][1].toInt(), 0);
  EXPECT_EQ(sweepFinished[0][2].toInt(), 0);
  EXPECT_TRUE(allOnGuiThread);
  ASSERT_EQ(running.count(), 2);
  EXPECT_TRUE(running[0][0].toBool());
  EXPECT_FALSE(running[1][0].toBool());

  RunStore store(db_.toStdString());
  for (const auto& j : store.jobs()) EXPECT_EQ(j.status, "done") << j.hash;

  // The same sweep again: everything is reused, nothing trains.
  c.start(text(test::uiMiniSweepJson()), db_, 2);
  ASSERT_TRUE(waitIdle(c));
  ASSERT_EQ(started.count(), 2);
  EXPECT_EQ(started[1][2].toInt(), 3);
  EXPECT_EQ(jobStarted.count(), 3);
}

TEST_F(TrainingControllerTest, StartsFromAFilePath) {
  const auto path = dir_ / "mini.json";
  std::ofstream(path) << test::uiMiniSweepJson().dump(2);
  TrainingController c;
  QSignalSpy sweepFinished(&c, &TrainingController::sweepFinished);
  QSignalSpy errors(&c, &TrainingController::errorOccurred);
  c.start(QString::fromStdString(path.string()), db_, 1);
  ASSERT_TRUE(waitIdle(c));
  EXPECT_EQ(errors.count(), 0);
  ASSERT_EQ(sweepFinished.count(), 1);
  EXPECT_EQ(sweepFinished[0][0].toInt(), 3);
  RunStore store(db_.toStdString());
  EXPECT_EQ(store.latestSweep()->source, path.string());
}

TEST_F(TrainingControllerTest, InvalidSweepBecomesAnErrorSignal) {
  TrainingController c;
  QSignalSpy errors(&c, &TrainingController::errorOccurred);
  QSignalSpy sweepFinished(&c, &TrainingController::sweepFinished);
  nlohmann::json bad = test::uiMiniSweepJson();
  bad["seeds"] = {0, -1};
  c.start(text(bad), db_, 1);
  ASSERT_TRUE(waitIdle(c));
  ASSERT_EQ(errors.count(), 1);
  EXPECT_TRUE(errors[0][0].toString().contains(QStringLiteral("seeds[1]")))
      << errors[0][0].toString().toStdString();
  EXPECT_EQ(sweepFinished.count(), 0);

  c.start(QStringLiteral("{ not json"), db_, 1);
  ASSERT_TRUE(waitIdle(c));
  EXPECT_EQ(errors.count(), 2);
  c.start(QStringLiteral("/no/such/sweep.json"), db_, 1);
  ASSERT_TRUE(waitIdle(c));
  ASSERT_EQ(errors.count(), 3);
  EXPECT_TRUE(errors[2][0].toString().contains(QStringLiteral("/no/such/sweep.json")));
}

TEST_F(TrainingControllerTest, RefusesASecondSweepWhileOneRuns) {
  TrainingController c;
  QSignalSpy errors(&c, &TrainingController::errorOccurred);
  QSignalSpy started(&c, &TrainingController::sweepStarted);
  c.start(text(test::uiMiniSweepJson()), db_, 1);
  c.start(text(test::uiMiniSweepJson()), db_, 1);
  EXPECT_EQ(errors.count(), 1);
  ASSERT_TRUE(waitIdle(c));
  EXPECT_EQ(started.count(), 1);
}

TEST_F(TrainingControllerTest, CancelMidRunLeavesTheStoreConsistent) {
  TrainingController c;
  QSignalSpy finished(&c, &TrainingController::jobFinished);
  QSignalSpy sweepFinished(&c, &TrainingController::sweepFinished);
  // First a short sweep whose jobs finish, then a long one sharing its weak model.
  c.start(text(test::uiMiniSweepJson()), db_, 1);
  ASSERT_TRUE(waitIdle(c));
  std::map<std::string, JobRecord> doneBefore;
  {
    RunStore store(db_.toStdString());
    for (const auto& j : store.jobs()) doneBefore[j.hash] = j;
  }

  bool cancelled = false;
  QObject::connect(&c, &TrainingController::jobProgress, &c, [&] {
    if (!cancelled) {
      cancelled = true;
      c.cancelAll();
    }
  });
  nlohmann::json longSweep = test::uiSweepJson(/*epochs=*/3000, /*nTrain=*/2000);
  c.start(text(longSweep), db_, 2);
  ASSERT_TRUE(waitIdle(c, 60000));
  EXPECT_TRUE(cancelled);
  ASSERT_EQ(sweepFinished.count(), 2);
  EXPECT_GE(sweepFinished[1][2].toInt(), 1);  // cancelled jobs

  RunStore store(db_.toStdString());
  for (const auto& j : store.jobs()) {
    EXPECT_NE(j.status, "running") << j.hash;
    auto before = doneBefore.find(j.hash);
    if (before != doneBefore.end() && before->second.status == "done") {
      EXPECT_EQ(j.status, "done");
      EXPECT_DOUBLE_EQ(j.finalAcc, before->second.finalAcc);
      EXPECT_FALSE(store.curve(j.hash).empty());
    }
  }
}

TEST_F(TrainingControllerTest, CancelOneJobByHash) {
  TrainingController c;
  QSignalSpy finished(&c, &TrainingController::jobFinished);
  QString target;
  QObject::connect(&c, &TrainingController::jobStarted, &c,
                   [&](const QString& hash, const QString& kind) {
                     if (target.isEmpty() && kind == QLatin1String("weak")) {
                       target = hash;
                       c.cancelJob(hash);
                     }
                   });
  nlohmann::json sweep = test::uiMiniSweepJson(/*epochs=*/3000, /*nTrain=*/2000);
  sweep["strong_sizes"] = {"s32"};
  c.start(text(sweep), db_, 1);
  // The ceiling trains for long; cancel everything once the weak job's fate is known.
  ASSERT_TRUE(QTest::qWaitFor(
      [&] {
        for (const auto& args : finished) {
          if (args[0].toString() == target) return true;
        }
        return false;
      },
      60000));
  c.cancelAll();
  ASSERT_TRUE(waitIdle(c, 60000));
  std::map<QString, QString> status;
  for (const auto& args : finished) status[args[0].toString()] = args[1].toString();
  EXPECT_EQ(status[target], QStringLiteral("cancelled"));
  RunStore store(db_.toStdString());
  EXPECT_EQ(store.job(target.toStdString())->status, "cancelled");
}

TEST_F(TrainingControllerTest, DestructorStopsARunningSweep) {
  auto c = std::make_unique<TrainingController>();
  QSignalSpy progress(c.get(), &TrainingController::jobProgress);
  c->start(text(test::uiSweepJson(/*epochs=*/3000, /*nTrain=*/2000)), db_, 2);
  ASSERT_TRUE(progress.wait(60000));
  QElapsedTimer t;
  t.start();
  c.reset();  // requests stop, quits and joins the worker thread
  EXPECT_LT(t.elapsed(), 20000);
  RunStore store(db_.toStdString());
  for (const auto& j : store.jobs()) EXPECT_NE(j.status, "running") << j.hash;
}

}  // namespace
}  // namespace w2s
