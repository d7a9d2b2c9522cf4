#include <gtest/gtest.h>

#include <QAbstractItemModelTester>

#include "tests/ui/QtAppFixture.h"
#include "ui/models/QueueModel.h"

namespace w2s {
namespace {

class QueueModelTest : public test::QtAppTest {
 protected:
  void SetUp() override {
    test::QtAppTest::SetUp();
    model_.setClock([this] { return nowMs_; });
    tester_ = std::make_unique<QAbstractItemModelTester>(
        &model_, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model_.startSweep({{"a", "weak", "weak s4"},
                       {"b", "ceiling", "ceiling s32"},
                       {"c", "student", "student s4→s32"}},
                      /*planned=*/5, /*alreadyDone=*/2);
  }
  qint64 nowMs_ = 1000;
  QueueModel model_;
  std::unique_ptr<QAbstractItemModelTester> tester_;
};

TEST_F(QueueModelTest, PendingJobsThenRunningOnTop) {
  EXPECT_EQ(model_.rowCount(), 3);
  EXPECT_EQ(model_.finishedCount(), 2);
  model_.onJobStarted("b", "ceiling", "ceiling s32");
  EXPECT_EQ(model_.hashAt(0), QStringLiteral("b"));  // moved above the pending ones
  EXPECT_EQ(model_.index(0, QueueModel::Status).data().toString(), QStringLiteral("running"));
  EXPECT_EQ(model_.index(1, QueueModel::Status).data().toString(), QStringLiteral("pending"));
  EXPECT_EQ(model_.runningCount(), 1);
  // Pending jobs draw no progress bar; running ones do, from 0.
  EXPECT_FALSE(model_.index(1, 0).data(QueueModel::ProgressRole).isValid());
  EXPECT_DOUBLE_EQ(model_.index(0, 0).data(QueueModel::ProgressRole).toDouble(), 0.0);
  model_.onJobStarted("unknown", "weak", "not listed");  // still shown
  EXPECT_EQ(model_.rowCount(), 4);
  EXPECT_EQ(model_.runningCount(), 2);
}

TEST_F(QueueModelTest, ProgressAndEtaFromElapsedTime) {
  model_.onJobStarted("a", "weak", "weak s4");
  nowMs_ += 10000;
  model_.onJobProgress("a", 25, 100, 0.5);
  const int row = model_.rowOf("a");
  EXPECT_DOUBLE_EQ(model_.index(row, 0).data(QueueModel::ProgressRole).toDouble(), 0.25);
  EXPECT_NEAR(model_.etaSeconds(row), 30.0, 1e-9);  // 10 s for a quarter: 30 s to go
  EXPECT_EQ(model_.index(row, QueueModel::Eta).data().toString(), QStringLiteral("30 s"));
  EXPECT_EQ(model_.index(row, QueueModel::Loss).data().toString(), QStringLiteral("0.5000"));
  // Sweep: 2 of 5 done + a quarter; remaining: 30 s + 2 pending jobs of ~40 s each, 1 at a time.
  EXPECT_NEAR(model_.sweepFraction(), (2 + 0.25) / 5.0, 1e-12);
  EXPECT_NEAR(model_.sweepEtaSeconds(), 30.0 + 2 * 40.0, 1e-9);
}

TEST_F(QueueModelTest, FinishedJobsLeaveAndTimeTheRest) {
  model_.onJobStarted("a", "weak", "weak s4");
  model_.onJobFinished("a", JobOutcome::Done, 20.0);
  EXPECT_EQ(model_.rowCount(), 2);
  EXPECT_EQ(model_.rowOf("a"), -1);
  EXPECT_EQ(model_.finishedCount(), 3);
  // Nothing running: the two pending jobs at the measured 20 s each.
  EXPECT_NEAR(model_.sweepEtaSeconds(), 40.0, 1e-9);
  model_.onJobFinished("b", JobOutcome::Cancelled, 0.0);
  model_.onJobFinished("c", JobOutcome::Failed, 1.0);
  EXPECT_EQ(model_.rowCount(), 0);
  EXPECT_DOUBLE_EQ(model_.sweepFraction(), 1.0);
  EXPECT_DOUBLE_EQ(model_.sweepEtaSeconds(), 0.0);
  model_.tick();  // no rows: no out-of-range dataChanged
}

TEST_F(QueueModelTest, StartedJobsWithoutProgressCountAsTypicalJobs) {
  model_.onJobStarted("a", "weak", "weak s4");
  model_.onJobFinished("a", JobOutcome::Done, 20.0);
  model_.onJobStarted("b", "ceiling", "ceiling s32");
  nowMs_ += 5000;
  // b: 20 s typical - 5 s run = 15 s; c pending: 20 s; one job at a time.
  EXPECT_NEAR(model_.sweepEtaSeconds(), 35.0, 1e-9);
}

TEST_F(QueueModelTest, UnknownEtaBeforeAnyProgress) {
  model_.onJobStarted("a", "weak", "weak s4");
  EXPECT_LT(model_.sweepEtaSeconds(), 0);
  EXPECT_EQ(QueueModel::formatDuration(-1), QStringLiteral("—"));
  EXPECT_EQ(QueueModel::formatDuration(185), QStringLiteral("3 min 05 s"));
  EXPECT_EQ(QueueModel::formatDuration(3720), QStringLiteral("1 h 02 min"));
  model_.clear();
  EXPECT_EQ(model_.rowCount(), 0);
  EXPECT_EQ(model_.planned(), 0);
}

TEST_F(QueueModelTest, JobsOtherProcessesTrainAreShownAndNeverLocal) {
  model_.onJobStarted("a", "weak", "weak s4");
  // "b" is in this sweep's queue, "x" belongs to another sweep another process runs.
  model_.setExternal({{"b", "ceiling", "ceiling s32", "host pid 42", 30, 120},
                      {"x", "weak", "weak s8", "host pid 43", 0, 0},
                      {"a", "weak", "weak s4", "host pid 44", 1, 2}});
  EXPECT_EQ(model_.rowCount(), 4);
  EXPECT_EQ(model_.externalCount(), 1);
  const int b = model_.rowOf("b");
  EXPECT_EQ(model_.index(b, QueueModel::Status).data().toString(),
            QStringLiteral("running elsewhere (host pid 42)"));
  EXPECT_DOUBLE_EQ(model_.index(b, 0).data(QueueModel::ProgressRole).toDouble(), 0.25);
  EXPECT_TRUE(model_.isElsewhere(b));
  EXPECT_EQ(model_.hashAt(3), QStringLiteral("x"));
  EXPECT_TRUE(model_.isElsewhere(3));
  EXPECT_FALSE(model_.index(3, 0).data(QueueModel::ProgressRole).isValid());  // no total yet
  // This window runs "a": what the store says about it does not change its row.
  EXPECT_EQ(model_.index(model_.rowOf("a"), QueueModel::Status).data().toString(),
            QStringLiteral("running"));
  EXPECT_FALSE(model_.isElsewhere(model_.rowOf("a")));
  EXPECT_EQ(model_.runningCount(), 1);
  // When the other process is done with them they leave.
  model_.setExternal({});
  EXPECT_EQ(model_.rowCount(), 3);
  EXPECT_EQ(model_.index(model_.rowOf("b"), QueueModel::Status).data().toString(),
            QStringLiteral("pending"));
}

}  // namespace
}  // namespace w2s
