#include <gtest/gtest.h>

#include <QSignalSpy>
#include <thread>

#include "tests/ui/QtAppFixture.h"
#include "ui/bridge/RunControl.h"
#include "ui/bridge/SignalSweepObserver.h"
#include "ui/bridge/TrainingWorker.h"
#include "ui/models/JobLabel.h"

namespace w2s {
namespace {

SweepEvent eventAt(const QSignalSpy& spy, int i) { return spy.at(i).at(0).value<SweepEvent>(); }

JobRef job(const std::string& hash) {
  auto j = std::make_shared<Job>();
  j->hash = hash;
  return j;
}

TEST(SignalSweepObserverTest, ThrottlesProgressByTimeButKeepsTheLastStep) {
  test::ensureQtApp();
  TrainingWorker worker(std::make_shared<RunControl>());
  SignalSweepObserver observer(&worker, std::chrono::milliseconds(100));
  QSignalSpy spy(&worker, &TrainingWorker::sweepEvent);
  const JobRef a = job("a"), b = job("b");
  for (int s = 1; s <= 1000; ++s) observer.onEvent(JobProgressed{a, s, 1000, 0.1});
  ASSERT_GE(spy.count(), 2);
  EXPECT_LE(spy.count(), 5);  // 1000 steps in well under 100 ms each
  EXPECT_EQ(std::get<JobProgressed>(eventAt(spy, 0)).job->hash, "a");
  EXPECT_EQ(std::get<JobProgressed>(eventAt(spy, spy.count() - 1)).step,
            1000);  // the last step always goes through
  // Throttling is per job: another job's first step is not held back.
  const int before = spy.count();
  observer.onEvent(JobProgressed{b, 1, 10, 0.1});
  EXPECT_EQ(spy.count(), before + 1);
  // After the interval, the next step of job a goes through again.
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  observer.onEvent(JobProgressed{a, 1001, 2000, 0.1});
  EXPECT_EQ(spy.count(), before + 2);
}

TEST(SignalSweepObserverTest, ForwardsEveryOtherEventAsItCame) {
  test::ensureQtApp();
  TrainingWorker worker(std::make_shared<RunControl>());
  SignalSweepObserver observer(&worker);
  QSignalSpy spy(&worker, &TrainingWorker::sweepEvent);
  auto j = std::make_shared<Job>();
  j->hash = "h";
  j->kind = JobKind::Student;
  j->labels = {{"weak_size", "s4"},
               {"strong_size", "s32"},
               {"loss", "xent"},
               {"seed", 1},
               {"view", "noisy"}};
  observer.onEvent(JobStarted{j});
  observer.onEvent(JobFinished{j, JobOutcome::Failed, "boom", 1.5});
  ASSERT_EQ(spy.count(), 2);
  const JobRef started = std::get<JobStarted>(eventAt(spy, 0)).job;
  EXPECT_EQ(jobLabel(started->kind, started->labels),
            QStringLiteral("student s4→s32 · noisy · xent · seed 1"));
  const auto finished = std::get<JobFinished>(eventAt(spy, 1));
  EXPECT_EQ(finished.job->hash, "h");
  EXPECT_EQ(finished.outcome, JobOutcome::Failed);
  EXPECT_EQ(finished.error, "boom");
  EXPECT_DOUBLE_EQ(finished.seconds, 1.5);
}

}  // namespace
}  // namespace w2s
