#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <map>

#include "tests/ui/QtAppFixture.h"
#include "tests/ui/UiFixtures.h"
#include "ui/models/RunFilterProxy.h"
#include "ui/models/RunGroupModel.h"
#include "ui/models/RunTableModel.h"

namespace w2s {
namespace {

class RunGroupModelTest : public test::QtAppTest {
 protected:
  void SetUp() override {
    test::QtAppTest::SetUp();
    dir_ = test::uiTempDir("group");
    test::makeFixtureStore((dir_ / "runs.db").string());
    store_ = std::make_shared<RunStore>((dir_ / "runs.db").string());
    table_.setStore(store_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::shared_ptr<RunStore> store_;
  RunTableModel table_;
};

TEST_F(RunGroupModelTest, GroupsByAColumnWithMeanAccuracies) {
  RunGroupModel groups;
  QAbstractItemModelTester tester(&groups, QAbstractItemModelTester::FailureReportingMode::Fatal);
  groups.rebuild(&table_, QStringLiteral("kind"));
  ASSERT_EQ(groups.rowCount(), 3);  // ceiling, student, weak
  std::map<std::string, std::vector<const JobRecord*>> byKind;
  for (int r = 0; r < table_.rowCount(); ++r)
    byKind[toString(table_.record(r)->kind)].push_back(table_.record(r));
  for (int g = 0; g < groups.rowCount(); ++g) {
    const std::string kind = groups.index(g, RunGroupModel::Group).data().toString().toStdString();
    const auto& members = byKind.at(kind);
    double sumFinal = 0.0, sumBest = 0.0;
    int done = 0;
    for (const auto* m : members) {
      if (m->status != JobStatus::Done) continue;
      ++done;
      sumFinal += m->finalAcc;
      sumBest += m->bestAcc;
    }
    EXPECT_EQ(groups.index(g, RunGroupModel::Runs).data(RunGroupModel::SortRole).toInt(),
              static_cast<int>(members.size()));
    EXPECT_EQ(groups.index(g, RunGroupModel::Done).data(RunGroupModel::SortRole).toInt(), done);
    ASSERT_GT(done, 0);
    EXPECT_NEAR(groups.index(g, RunGroupModel::MeanFinal).data(RunGroupModel::SortRole).toDouble(),
                sumFinal / done, 1e-4);
    EXPECT_NEAR(groups.index(g, RunGroupModel::MeanBest).data(RunGroupModel::SortRole).toDouble(),
                sumBest / done, 1e-4);
    const QModelIndex parent = groups.index(g, 0);
    EXPECT_EQ(groups.rowCount(parent), static_cast<int>(members.size()));
    EXPECT_FALSE(groups.index(0, 0, parent).data(RunGroupModel::HashRole).toString().isEmpty());
  }
}

TEST_F(RunGroupModelTest, GroupsByAConfigFieldAndFollowsAFilter) {
  RunFilterProxy proxy;
  proxy.setSourceModel(&table_);
  proxy.setFilterText(QStringLiteral("kind=student"));
  RunGroupModel groups;
  QAbstractItemModelTester tester(&groups, QAbstractItemModelTester::FailureReportingMode::Fatal);
  groups.rebuild(&proxy, QStringLiteral("model.width"));
  // Students are strong s32 or s128: two groups, in numeric order.
  ASSERT_EQ(groups.rowCount(), 2);
  EXPECT_EQ(groups.index(0, 0).data().toString(), QStringLiteral("32"));
  EXPECT_EQ(groups.index(1, 0).data().toString(), QStringLiteral("128"));
  int total = 0;
  for (int g = 0; g < groups.rowCount(); ++g) total += groups.rowCount(groups.index(g, 0));
  EXPECT_EQ(total, proxy.rowCount());
}

TEST_F(RunGroupModelTest, RowsWithoutTheFieldGoToNone) {
  RunGroupModel groups;
  QAbstractItemModelTester tester(&groups, QAbstractItemModelTester::FailureReportingMode::Fatal);
  groups.rebuild(&table_, QStringLiteral("loss.name"));  // only students have a loss
  QStringList names;
  for (int g = 0; g < groups.rowCount(); ++g) names << groups.index(g, 0).data().toString();
  EXPECT_TRUE(names.contains(QStringLiteral("(none)")));
  EXPECT_TRUE(names.contains(QStringLiteral("logconf")));
  EXPECT_TRUE(names.contains(QStringLiteral("xent")));
  groups.rebuild(nullptr, QString());
  EXPECT_EQ(groups.rowCount(), 0);
}

}  // namespace
}  // namespace w2s
