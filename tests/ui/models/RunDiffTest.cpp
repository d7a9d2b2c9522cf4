#include <gtest/gtest.h>

#include "ui/models/RunDiff.h"

namespace w2s {
namespace {

const FieldDiff* find(const std::vector<FieldDiff>& diffs, const char* field) {
  for (const auto& d : diffs) {
    if (d.field == QLatin1String(field)) return &d;
  }
  return nullptr;
}

TEST(RunDiffTest, MarksOnlyFieldsThatDiffer) {
  JobRecord a, b;
  a.hash = "aaa";
  b.hash = "bbb";
  a.kind = b.kind = JobKind::Student;
  a.status = b.status = JobStatus::Done;
  a.config = {{"train", {{"lr", 0.001}, {"epochs", 2}}}, {"loss", {{"name", "xent"}}}};
  b.config = {{"train", {{"lr", 0.001}, {"epochs", 2}}},
              {"loss", {{"name", "logconf"}, {"aux_coef", 0.5}}}};
  a.finalAcc = b.finalAcc = 0.8;
  a.bestAcc = 0.82;
  b.bestAcc = 0.85;
  const auto diffs = diffRuns(a, b);
  ASSERT_NE(find(diffs, "config.train.lr"), nullptr);
  EXPECT_FALSE(find(diffs, "config.train.lr")->differs);
  EXPECT_TRUE(find(diffs, "config.loss.name")->differs);
  const FieldDiff* aux = find(diffs, "config.loss.aux_coef");
  ASSERT_NE(aux, nullptr);  // present in one run only
  EXPECT_TRUE(aux->differs);
  EXPECT_TRUE(aux->a.isEmpty());
  EXPECT_FALSE(find(diffs, "final_acc")->differs);
  EXPECT_TRUE(find(diffs, "best_acc")->differs);
  EXPECT_TRUE(find(diffs, "hash")->differs);
  // Results before the config.
  EXPECT_FALSE(diffs.front().field.startsWith(QLatin1String("config.")));
}

TEST(RunDiffTest, IdenticalRunsDifferNowhereButTheHash) {
  JobRecord a;
  a.hash = "x";
  a.kind = JobKind::Weak;
  a.config = {{"seed", 1}};
  JobRecord b = a;
  b.hash = "y";
  int differing = 0;
  for (const auto& d : diffRuns(a, b)) differing += d.differs;
  EXPECT_EQ(differing, 1);
}

}  // namespace
}  // namespace w2s
