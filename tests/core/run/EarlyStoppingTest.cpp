#include "core/run/EarlyStopping.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "core/analysis/Report.h"
#include "core/run/SweepRunner.h"
#include "core/store/RunStore.h"
#include "core/sweep/SweepSpec.h"
#include "tests/core/run/TinySweep.h"

namespace w2s {
namespace {

TEST(EarlyStoppingTest, HoldOutMovesASeededDisjointShare) {
  TrainInputs in;
  in.x = torch::arange(100, torch::kFloat).unsqueeze(1);
  in.targets = torch::one_hot(torch::arange(100, torch::kLong) % 2, 2).to(torch::kFloat);
  TrainInputs copy = in;
  const HeldOutSplit split = holdOutWeakLabelled(in, 0.1, 7);
  ASSERT_EQ(split.x.size(0), 10);
  ASSERT_EQ(in.x.size(0), 90);
  ASSERT_EQ(in.targets.size(0), 90);
  std::set<int> seen;
  for (int64_t i = 0; i < 10; ++i) seen.insert(split.x[i][0].item<int>());
  for (int64_t i = 0; i < 90; ++i) seen.insert(in.x[i][0].item<int>());
  EXPECT_EQ(seen.size(), 100u);  // every row once, in one of the two parts
  // The weak class travels with its row.
  for (int64_t i = 0; i < 10; ++i) {
    EXPECT_EQ(split.weakClass[i].item<int64_t>(), split.x[i][0].item<int>() % 2);
  }
  const HeldOutSplit again = holdOutWeakLabelled(copy, 0.1, 7);
  EXPECT_TRUE(torch::equal(again.x, split.x));
  TrainInputs other = in;
  EXPECT_THROW(holdOutWeakLabelled(other, 1.0, 7), std::invalid_argument);
}

TEST(EarlyStoppingTest, ChoosesTheEarliestHighestScore) {
  const auto c = chooseEarlyStop({10, 20, 30, 40}, {0.5, 0.8, 0.8, NAN}, {0.6, 0.7, 0.9, 0.95});
  EXPECT_EQ(c.step, 20);
  EXPECT_DOUBLE_EQ(c.testAcc, 0.7);
  EXPECT_DOUBLE_EQ(c.valAgree, 0.8);
  EXPECT_EQ(chooseEarlyStop({}, {}, {}).step, -1);
  EXPECT_THROW(chooseEarlyStop({1}, {0.1, 0.2}, {0.3}), std::invalid_argument);
}

TEST(EarlyStoppingTest, EveryStudentRecordsWeakAgreementAndOracleStops) {
  auto dir = test::tempDir("early-stop");
  const std::string db = (dir / "runs.db").string();
  nlohmann::json j = test::tinySweepJson();
  j["early_stop"] = {{"val_frac", 0.2}};
  CancelToken cancel;
  const RunSummary s = SweepRunner(db, RunOptions{2, 1, "cpu"})
                           .run(SweepSpec::fromJson(j, "tiny"), "", nullptr, cancel);
  ASSERT_EQ(s.done, 6);
  RunStore store(db);
  int students = 0;
  for (const auto& job : store.jobs()) {
    if (job.kind != JobKind::Student) continue;
    ++students;
    const auto sum = store.summary(job.hash);
    const auto curve = store.curve(job.hash);
    ASSERT_TRUE(sum.contains("early_stop_step")) << sum.dump();
    // 1500 examples in half B, 20% held out.
    EXPECT_EQ(sum.at("val_examples").get<int>(), 300);
    EXPECT_EQ(sum.at("train_examples").get<int>(), 1200);
    EXPECT_EQ(sum.at("val_agree_curve").size(), curve.size());
    // The oracle stop uses ground truth: never worse than the final or the early-stopped point.
    const double oracle = sum.at("oracle_acc").get<double>();
    EXPECT_GE(oracle, job.finalAcc);
    EXPECT_GE(oracle, sum.at("early_stop_acc").get<double>());
    EXPECT_DOUBLE_EQ(oracle, job.bestAcc);
    // The early-stopped accuracy is the test accuracy of a real evaluation.
    bool found = false;
    for (const auto& p : curve) {
      if (p.step == sum.at("early_stop_step").get<int64_t>()) {
        found = true;
        EXPECT_DOUBLE_EQ(p.testAcc, sum.at("early_stop_acc").get<double>());
      }
    }
    EXPECT_TRUE(found);
    const double agree = sum.at("early_stop_val_agree").get<double>();
    EXPECT_GT(agree, 0.5);
    EXPECT_LE(agree, 1.0);
  }
  EXPECT_EQ(students, 2);
  const auto outcomes = collectOutcomes(store);
  ASSERT_EQ(outcomes.size(), 2u);
  for (const auto& o : outcomes) {
    EXPECT_GE(o.w2sEarlyStep, 0);
    ASSERT_TRUE(o.pgrEarly.has_value());
    ASSERT_TRUE(o.pgrBest.has_value() && o.pgr.has_value());
    EXPECT_GE(*o.pgrBest, *o.pgr);
    EXPECT_GE(*o.pgrBest, *o.pgrEarly);
  }
}

}  // namespace
}  // namespace w2s
