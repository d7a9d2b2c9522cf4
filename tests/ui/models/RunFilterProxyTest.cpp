#include <gtest/gtest.h>

#include <QAbstractItemModelTester>

#include "tests/ui/QtAppFixture.h"
#include "tests/ui/UiFixtures.h"
#include "ui/models/RunFilterProxy.h"
#include "ui/models/RunTableModel.h"

namespace w2s {
namespace {

class RunFilterProxyTest : public test::QtAppTest {
 protected:
  void SetUp() override {
    test::QtAppTest::SetUp();
    dir_ = test::uiTempDir("filter");
    test::makeFixtureStore((dir_ / "runs.db").string());
    store_ = std::make_shared<RunStore>((dir_ / "runs.db").string());
    model_.setStore(store_);
    proxy_.setSourceModel(&model_);
    for (const auto& j : store_->jobs()) {
      kinds_[toString(j.kind)]++;
      if (j.status == JobStatus::Done) ++done_;
      if (j.kind == JobKind::Student && j.labels.value("loss", "") == "logconf") ++logconf_;
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  int shown(const QString& filter) {
    proxy_.setFilterText(filter);
    return proxy_.rowCount();
  }
  std::filesystem::path dir_;
  std::shared_ptr<RunStore> store_;
  RunTableModel model_;
  RunFilterProxy proxy_;
  std::map<std::string, int> kinds_;
  int done_ = 0, logconf_ = 0;
};

TEST_F(RunFilterProxyTest, FieldEqualsValue) {
  QAbstractItemModelTester tester(&proxy_, QAbstractItemModelTester::FailureReportingMode::Fatal);
  EXPECT_EQ(shown(QString()), model_.rowCount());
  EXPECT_EQ(shown(QStringLiteral("kind=student")), kinds_["student"]);
  EXPECT_EQ(shown(QStringLiteral("Kind=CEILING")), kinds_["ceiling"]);  // case-insensitive
  EXPECT_EQ(shown(QStringLiteral("loss=logconf")), logconf_);
  EXPECT_EQ(shown(QStringLiteral("status=done")), done_);
  EXPECT_EQ(shown(QStringLiteral("status!=done")), model_.rowCount() - done_);
  EXPECT_EQ(shown(QStringLiteral("kind=student loss=logconf")), logconf_);  // all terms
  EXPECT_EQ(shown(QStringLiteral("kind=nothing")), 0);
}

TEST_F(RunFilterProxyTest, ConfigPathsNumbersAndSuffixes) {
  EXPECT_EQ(shown(QStringLiteral("train.lr=0.003")), model_.rowCount());
  EXPECT_EQ(shown(QStringLiteral("lr=3e-3")), model_.rowCount());  // numeric, by suffix
  EXPECT_EQ(shown(QStringLiteral("lr>0.01")), 0);
  EXPECT_EQ(shown(QStringLiteral("model.width=128")), shown(QStringLiteral("strong_size=s128")));
  // Unfinished jobs have no accuracy: a numeric comparison never shows them.
  const int good = shown(QStringLiteral("final_acc>=0.6"));
  EXPECT_EQ(good, done_);
  EXPECT_LT(shown(QStringLiteral("final_acc>0.62")), good);
}

TEST_F(RunFilterProxyTest, PlainWordsAndQuotedValues) {
  EXPECT_EQ(shown(QStringLiteral("CEILING")), kinds_["ceiling"]);
  EXPECT_EQ(shown(QStringLiteral("noisy")), kinds_["weak"] + kinds_["student"]);  // the view
  EXPECT_EQ(shown(QStringLiteral("logconf")), logconf_);
  ASSERT_TRUE(
      model_.setData(model_.index(2, RunTableModel::Notes), QStringLiteral("too slow here")));
  EXPECT_EQ(shown(QStringLiteral("notes~\"too slow\"")), 1);
  EXPECT_EQ(shown(QStringLiteral("notes=\"too slow here\"")), 1);
  EXPECT_EQ(shown(QStringLiteral("\"too slow\" kind=student")),
            model_.record(2)->kind == JobKind::Student ? 1 : 0);
}

TEST_F(RunFilterProxyTest, SortsNumericColumnsAsNumbers) {
  QAbstractItemModelTester tester(&proxy_, QAbstractItemModelTester::FailureReportingMode::Fatal);
  proxy_.sort(RunTableModel::Params, Qt::DescendingOrder);
  for (int r = 1; r < proxy_.rowCount(); ++r) {
    EXPECT_GE(proxy_.index(r - 1, RunTableModel::Params).data(RunTableModel::SortRole).toLongLong(),
              proxy_.index(r, RunTableModel::Params).data(RunTableModel::SortRole).toLongLong());
  }
}

}  // namespace
}  // namespace w2s
