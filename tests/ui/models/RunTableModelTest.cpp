#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>

#include "tests/ui/QtAppFixture.h"
#include "tests/ui/UiFixtures.h"
#include "ui/models/RunTableModel.h"

namespace w2s {
namespace {

class RunTableModelTest : public test::QtAppTest {
 protected:
  void SetUp() override {
    test::QtAppTest::SetUp();
    dir_ = test::uiTempDir("runtable");
    path_ = (dir_ / "runs.db").string();
    sweepId_ = test::makeFixtureStore(path_);
    store_ = std::make_shared<RunStore>(path_);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::string path_;
  int64_t sweepId_ = 0;
  std::shared_ptr<RunStore> store_;
};

TEST_F(RunTableModelTest, ShowsEveryJobUnderTheModelTester) {
  RunTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  model.setStore(store_);
  const auto jobs = store_->jobs();
  ASSERT_EQ(model.rowCount(), static_cast<int>(jobs.size()));
  EXPECT_EQ(model.columnCount(), RunTableModel::ColumnCount);
  for (int r = 0; r < model.rowCount(); ++r) {
    const JobRecord* rec = model.record(r);
    ASSERT_NE(rec, nullptr);
    EXPECT_EQ(model.index(r, RunTableModel::Kind).data().toString().toStdString(),
              toString(rec->kind));
    EXPECT_EQ(model.index(r, RunTableModel::Hash).data().toString().toStdString(), rec->hash);
    if (rec->status == JobStatus::Done) {
      EXPECT_NEAR(model.index(r, RunTableModel::FinalAcc).data().toDouble(), rec->finalAcc, 1e-4);
      EXPECT_NEAR(model.index(r, RunTableModel::BestAcc).data(RunTableModel::SortRole).toDouble(),
                  rec->bestAcc, 1e-12);
    } else {
      EXPECT_TRUE(model.index(r, RunTableModel::FinalAcc).data().toString().isEmpty());
    }
    if (rec->kind == JobKind::Student) {
      EXPECT_FALSE(model.index(r, RunTableModel::WeakSize).data().toString().isEmpty());
      EXPECT_FALSE(model.index(r, RunTableModel::Loss).data().toString().isEmpty());
    }
  }
}

TEST_F(RunTableModelTest, FieldsIncludeFlattenedConfig) {
  RunTableModel model;
  model.setStore(store_);
  const QVariantMap f = model.index(0, 0).data(RunTableModel::FieldsRole).toMap();
  EXPECT_DOUBLE_EQ(f.value(QStringLiteral("train.lr")).toDouble(), 0.003);
  EXPECT_EQ(f.value(QStringLiteral("model.family")).toString(), QStringLiteral("mlp"));
  EXPECT_TRUE(model.fieldNames().contains(QStringLiteral("train.epochs")));
  EXPECT_EQ(model.fieldNames().front(), QStringLiteral("kind"));
}

TEST_F(RunTableModelTest, OnlyTagsAndNotesAreEditableAndTheyReachTheStore) {
  RunTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  model.setStore(store_);
  EXPECT_FALSE(model.flags(model.index(0, RunTableModel::Status)) & Qt::ItemIsEditable);
  ASSERT_TRUE(model.flags(model.index(0, RunTableModel::Tags)) & Qt::ItemIsEditable);
  QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
  ASSERT_TRUE(
      model.setData(model.index(0, RunTableModel::Tags), QStringLiteral(" baseline,keep ")));
  ASSERT_TRUE(model.setData(model.index(0, RunTableModel::Notes), QStringLiteral("looks overfit")));
  EXPECT_EQ(changed.count(), 2);
  EXPECT_FALSE(model.setData(model.index(0, RunTableModel::Seed), QStringLiteral("7")));

  const std::string hash = model.record(0)->hash;
  RunStore reopened(path_);
  EXPECT_EQ(reopened.job(hash)->tags, "baseline,keep");
  EXPECT_EQ(reopened.job(hash)->notes, "looks overfit");
  EXPECT_EQ(model.index(0, RunTableModel::Tags).data().toString(), QStringLiteral("baseline,keep"));
}

TEST_F(RunTableModelTest, ReloadUpdatesRowsInPlace) {
  RunTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  model.setStore(store_);
  const int rows = model.rowCount();
  int pendingRow = -1;
  for (int r = 0; r < rows; ++r) {
    if (model.record(r)->status == JobStatus::Pending) pendingRow = r;
  }
  ASSERT_GE(pendingRow, 0);
  const std::string hash = model.record(pendingRow)->hash;
  {
    RunStore writer(path_);  // another connection, as the training workers use
    writer.markRunning(hash);
  }
  QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
  QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
  model.reload();
  EXPECT_EQ(reset.count(), 0);  // selection-preserving: no reset
  EXPECT_EQ(changed.count(), 1);
  EXPECT_EQ(model.rowCount(), rows);
  EXPECT_EQ(model.rowOf(QString::fromStdString(hash)), pendingRow);
  EXPECT_EQ(model.index(pendingRow, RunTableModel::Status).data().toString(),
            QStringLiteral("running"));
}

TEST_F(RunTableModelTest, OneSweepOrTheWholeStore) {
  {
    RunStore other(path_);
    SweepSpec spec = SweepSpec::fromJson(test::uiMiniSweepJson(2), "other");
    const int64_t id = other.addSweep("other", spec.raw, "");
    JobRecord extra;
    extra.hash = "0123456789abcdef0123456789abcdef";
    extra.kind = JobKind::Weak;
    extra.labels = {{"size", "s4"}, {"seed", 9}};
    other.addPlannedJobs(id, {extra});
  }
  RunTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  model.setStore(store_, sweepId_);
  const int sweepRows = model.rowCount();
  model.setStore(store_);
  EXPECT_EQ(model.rowCount(), sweepRows + 1);
  EXPECT_GE(model.rowOf(QStringLiteral("0123456789abcdef0123456789abcdef")), 0);
}

}  // namespace
}  // namespace w2s
