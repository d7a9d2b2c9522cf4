#include <gtest/gtest.h>

#include <QSignalSpy>
#include <thread>

#include "tests/ui/QtAppFixture.h"
#include "ui/bridge/RunControl.h"
#include "ui/bridge/SignalSweepObserver.h"
#include "ui/bridge/TrainingWorker.h"

namespace w2s {
namespace {

TEST(SignalSweepObserverTest, ThrottlesProgressByTimeButKeepsTheLastStep) {
  test::ensureQtApp();
  TrainingWorker worker(std::make_shared<RunControl>());
  SignalSweepObserver observer(&worker, std::chrono::milliseconds(100));
  QSignalSpy spy(&worker, &TrainingWorker::jobProgress);
  Job a, b;
  a.hash = "a";
  b.hash = "b";
  for (int s = 1; s <= 1000; ++s) observer.jobProgress(a, s, 1000, 0.1);
  ASSERT_GE(spy.count(), 2);
  EXPECT_LE(spy.count(), 5);  // 1000 steps in well under 100 ms each
  EXPECT_EQ(spy[0][0].toString(), QStringLiteral("a"));
  EXPECT_EQ(spy.back()[1].toLongLong(), 1000);  // the last step always goes through
  // Throttling is per job: another job's first step is not held back.
  const int before = spy.count();
  observer.jobProgress(b, 1, 10, 0.1);
  EXPECT_EQ(spy.count(), before + 1);
  // After the interval, the next step of job a goes through again.
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  observer.jobProgress(a, 1001, 2000, 0.1);
  EXPECT_EQ(spy.count(), before + 2);
}

TEST(SignalSweepObserverTest, ForwardsJobsWithLabels) {
  test::ensureQtApp();
  TrainingWorker worker(std::make_shared<RunControl>());
  SignalSweepObserver observer(&worker);
  QSignalSpy started(&worker, &TrainingWorker::jobStarted);
  QSignalSpy finished(&worker, &TrainingWorker::jobFinished);
  Job j;
  j.hash = "h";
  j.kind = JobKind::Student;
  j.labels = {{"weak_size", "s4"},
              {"strong_size", "s32"},
              {"loss", "xent"},
              {"seed", 1},
              {"view", "noisy"}};
  observer.jobStarted(j);
  observer.jobFinished(j, "failed", "boom", 1.5);
  ASSERT_EQ(started.count(), 1);
  EXPECT_EQ(started[0][1].toString(), QStringLiteral("student"));
  EXPECT_EQ(started[0][2].toString(), QStringLiteral("student s4→s32 · noisy · xent · seed 1"));
  ASSERT_EQ(finished.count(), 1);
  EXPECT_EQ(finished[0][1].toString(), QStringLiteral("failed"));
  EXPECT_EQ(finished[0][2].toString(), QStringLiteral("boom"));
  EXPECT_DOUBLE_EQ(finished[0][3].toDouble(), 1.5);
}

}  // namespace
}  // namespace w2s
