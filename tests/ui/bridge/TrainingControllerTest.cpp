#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <fstream>
#include <map>
#include <set>

#include "tests/ui/QtAppFixture.h"
#include "tests/ui/SweepEventLog.h"
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

TEST_F(TrainingControllerTest, EmitsEveryEventQueuedOnTheGuiThread) {
  TrainingController c;
  test::SweepEventLog log(&c);
  QSignalSpy errors(&c, &TrainingController::errorOccurred);
  QSignalSpy running(&c, &TrainingController::runningChanged);

  c.start(text(test::uiMiniSweepJson()), db_, 2);
  EXPECT_TRUE(c.isRunning());  // start() returns at once, training runs elsewhere
  ASSERT_TRUE(waitIdle(c));
  ASSERT_EQ(errors.count(), 0) << errors.value(0).value(0).toString().toStdString();
  const auto started = log.all<SweepStarted>();
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].planned, 3);  // weak, ceiling, student
  EXPECT_EQ(started[0].alreadyDone, 0);
  std::set<JobKind> kinds;
  for (const auto& e : log.all<JobStarted>()) kinds.insert(e.job->kind);
  EXPECT_EQ(log.count<JobStarted>(), 3);
  EXPECT_EQ(kinds, (std::set<JobKind>{JobKind::Weak, JobKind::Ceiling, JobKind::Student}));
  ASSERT_EQ(log.count<JobFinished>(), 3);
  for (const auto& e : log.all<JobFinished>()) EXPECT_EQ(e.outcome, JobOutcome::Done);
  EXPECT_GE(log.count<JobProgressed>(), 3);  // at least each job's last step
  for (const auto& e : log.all<JobProgressed>()) EXPECT_LE(e.step, e.totalSteps);
  EXPECT_GE(log.count<JobEvaluated>(), 3);
  const auto finished = log.all<SweepFinished>();
  ASSERT_EQ(finished.size(), 1u);
  EXPECT_EQ(finished[0].done, 3);
  EXPECT_EQ(finished[0].failed, 0);
  EXPECT_EQ(finished[0].cancelled, 0);
  // Events come in order: the sweep starts first and ends last.
  EXPECT_TRUE(std::holds_alternative<SweepStarted>(log.events().front()));
  EXPECT_TRUE(std::holds_alternative<SweepFinished>(log.events().back()));
  EXPECT_TRUE(log.onGuiThread());
  ASSERT_EQ(running.count(), 2);
  EXPECT_TRUE(running[0][0].toBool());
  EXPECT_FALSE(running[1][0].toBool());

  RunStore store(db_.toStdString());
  for (const auto& j : store.jobs()) EXPECT_EQ(j.status, JobStatus::Done) << j.hash;

  // The same sweep again: everything is reused, nothing trains.
  c.start(text(test::uiMiniSweepJson()), db_, 2);
  ASSERT_TRUE(waitIdle(c));
  ASSERT_EQ(log.count<SweepStarted>(), 2);
  EXPECT_EQ(log.all<SweepStarted>()[1].alreadyDone, 3);
  EXPECT_EQ(log.count<JobStarted>(), 3);
}

TEST_F(TrainingControllerTest, StartsFromAFilePath) {
  const auto path = dir_ / "mini.json";
  std::ofstream(path) << test::uiMiniSweepJson().dump(2);
  TrainingController c;
  test::SweepEventLog log(&c);
  QSignalSpy errors(&c, &TrainingController::errorOccurred);
  c.start(QString::fromStdString(path.string()), db_, 1);
  ASSERT_TRUE(waitIdle(c));
  EXPECT_EQ(errors.count(), 0);
  ASSERT_EQ(log.count<SweepFinished>(), 1);
  EXPECT_EQ(log.all<SweepFinished>()[0].done, 3);
  RunStore store(db_.toStdString());
  EXPECT_EQ(store.latestSweep()->source, path.string());
}

TEST_F(TrainingControllerTest, InvalidSweepBecomesAnErrorSignal) {
  TrainingController c;
  QSignalSpy errors(&c, &TrainingController::errorOccurred);
  test::SweepEventLog log(&c);
  nlohmann::json bad = test::uiMiniSweepJson();
  bad["seeds"] = {0, -1};
  c.start(text(bad), db_, 1);
  ASSERT_TRUE(waitIdle(c));
  ASSERT_EQ(errors.count(), 1);
  EXPECT_TRUE(errors[0][0].toString().contains(QStringLiteral("seeds[1]")))
      << errors[0][0].toString().toStdString();
  EXPECT_EQ(log.count<SweepFinished>(), 0);

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
  test::SweepEventLog log(&c);
  c.start(text(test::uiMiniSweepJson()), db_, 1);
  c.start(text(test::uiMiniSweepJson()), db_, 1);
  EXPECT_EQ(errors.count(), 1);
  ASSERT_TRUE(waitIdle(c));
  EXPECT_EQ(log.count<SweepStarted>(), 1);
}

TEST_F(TrainingControllerTest, CancelMidRunLeavesTheStoreConsistent) {
  TrainingController c;
  test::SweepEventLog log(&c);
  // First a short sweep whose jobs finish, then a long one sharing its weak model.
  c.start(text(test::uiMiniSweepJson()), db_, 1);
  ASSERT_TRUE(waitIdle(c));
  std::map<std::string, JobRecord> doneBefore;
  {
    RunStore store(db_.toStdString());
    for (const auto& j : store.jobs()) doneBefore[j.hash] = j;
  }

  bool cancelled = false;
  QObject::connect(&c, &TrainingController::sweepEvent, &c, [&](const SweepEvent& e) {
    if (!cancelled && std::holds_alternative<JobProgressed>(e)) {
      cancelled = true;
      c.cancelAll();
    }
  });
  nlohmann::json longSweep = test::uiSweepJson(/*epochs=*/3000, /*nTrain=*/2000);
  c.start(text(longSweep), db_, 2);
  ASSERT_TRUE(waitIdle(c, 60000));
  EXPECT_TRUE(cancelled);
  ASSERT_EQ(log.count<SweepFinished>(), 2);
  EXPECT_GE(log.all<SweepFinished>()[1].cancelled, 1);

  RunStore store(db_.toStdString());
  for (const auto& j : store.jobs()) {
    EXPECT_NE(j.status, JobStatus::Running) << j.hash;
    auto before = doneBefore.find(j.hash);
    if (before != doneBefore.end() && before->second.status == JobStatus::Done) {
      EXPECT_EQ(j.status, JobStatus::Done);
      EXPECT_DOUBLE_EQ(j.finalAcc, before->second.finalAcc);
      EXPECT_FALSE(store.curve(j.hash).empty());
    }
  }
}

TEST_F(TrainingControllerTest, CancelOneJobByHash) {
  TrainingController c;
  test::SweepEventLog log(&c);
  std::string target;
  QObject::connect(&c, &TrainingController::sweepEvent, &c, [&](const SweepEvent& e) {
    const auto* s = std::get_if<JobStarted>(&e);
    if (s && target.empty() && s->job->kind == JobKind::Weak) {
      target = s->job->hash;
      c.cancelJob(QString::fromStdString(target));
    }
  });
  nlohmann::json sweep = test::uiMiniSweepJson(/*epochs=*/3000, /*nTrain=*/2000);
  sweep["strong_sizes"] = {"s32"};
  c.start(text(sweep), db_, 1);
  // The ceiling trains for long; cancel everything once the weak job's fate is known.
  ASSERT_TRUE(QTest::qWaitFor(
      [&] {
        for (const auto& e : log.all<JobFinished>()) {
          if (e.job->hash == target) return true;
        }
        return false;
      },
      60000));
  c.cancelAll();
  ASSERT_TRUE(waitIdle(c, 60000));
  std::map<std::string, JobOutcome> outcome;
  for (const auto& e : log.all<JobFinished>()) outcome[e.job->hash] = e.outcome;
  ASSERT_TRUE(outcome.count(target));
  EXPECT_EQ(outcome[target], JobOutcome::Cancelled);
  RunStore store(db_.toStdString());
  EXPECT_EQ(store.job(target)->status, JobStatus::Cancelled);
}

TEST_F(TrainingControllerTest, DestructorStopsARunningSweep) {
  auto c = std::make_unique<TrainingController>();
  bool progressed = false;
  QObject::connect(c.get(), &TrainingController::sweepEvent, c.get(), [&](const SweepEvent& e) {
    progressed = progressed || std::holds_alternative<JobProgressed>(e);
  });
  c->start(text(test::uiSweepJson(/*epochs=*/3000, /*nTrain=*/2000)), db_, 2);
  ASSERT_TRUE(QTest::qWaitFor([&] { return progressed; }, 60000));
  QElapsedTimer t;
  t.start();
  c.reset();  // requests stop, quits and joins the worker thread
  EXPECT_LT(t.elapsed(), 20000);
  RunStore store(db_.toStdString());
  for (const auto& j : store.jobs()) EXPECT_NE(j.status, JobStatus::Running) << j.hash;
}

}  // namespace
}  // namespace w2s
