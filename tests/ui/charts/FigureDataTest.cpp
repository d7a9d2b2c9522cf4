#include <gtest/gtest.h>

#include <QTemporaryDir>

#include "core/store/RunStore.h"
#include "tests/ui/FixtureStore.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {
namespace {

class FigureDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.isValid());
    info_ = test::writeFixtureStore(dir_.filePath("runs.db").toStdString(), 25);
  }
  QTemporaryDir dir_;
  test::FixtureStoreInfo info_;
};

TEST_F(FigureDataTest, ReadsStudentsOutcomesAndSizesInParameterOrder) {
  RunStore store(info_.path);
  const FigureData d = FigureData::load(store, info_.sweepId);
  EXPECT_EQ(d.students.size(), info_.students.size());
  EXPECT_EQ(d.outcomes.size(), info_.students.size());
  EXPECT_EQ(d.weakSizes, (std::vector<std::string>{"w4", "w16"}));
  EXPECT_EQ(d.strongSizes, (std::vector<std::string>{"w4", "w16", "w64"}));
  EXPECT_EQ(d.losses.size(), 2u);
  for (const auto& s : d.students) {
    EXPECT_FALSE(std::isnan(s.supervisorAcc)) << s.hash;
    EXPECT_FALSE(std::isnan(s.ceilingAcc)) << s.hash;
  }
}

TEST_F(FigureDataTest, DefaultCurvesAreOnePerWeakSizeOnTheLargestStudent) {
  RunStore store(info_.path);
  const FigureData d = FigureData::load(store, info_.sweepId);
  ASSERT_EQ(d.curveStudents.size(), 2u);
  for (const auto& h : d.curveStudents) {
    const StudentInfo* s = d.student(h);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->strongSize, "w64");
    EXPECT_EQ(d.curves.at(h).size(), 25u);
  }
}

TEST_F(FigureDataTest, ChosenCurvesAreLoadedAndLiveEvalsAppend) {
  RunStore store(info_.path);
  FigureData d = FigureData::load(store, info_.sweepId, {info_.students[3]});
  ASSERT_EQ(d.curves.size(), 1u);
  const auto& c = d.curves.at(info_.students[3]);
  const int64_t last = c.back().step;
  EXPECT_TRUE(d.appendEval(info_.students[3], last + 10, 0.5));
  EXPECT_EQ(d.curves.at(info_.students[3]).back().step, last + 10);
  EXPECT_GT(d.curves.at(info_.students[3]).back().epoch, c[c.size() - 2].epoch);
  EXPECT_FALSE(d.appendEval(info_.students[0], 5, 0.5));  // not drawn: ignored
}

TEST_F(FigureDataTest, FiltersByLoss) {
  RunStore store(info_.path);
  const FigureData d = FigureData::load(store, info_.sweepId);
  FigureOptions o;
  o.loss = "logconf";
  const auto f = d.filtered(o);
  EXPECT_EQ(f.size(), d.outcomes.size() / 2);
  for (const auto* x : f) EXPECT_EQ(x->loss, "logconf");
}

}  // namespace
}  // namespace w2s
