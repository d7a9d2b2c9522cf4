// Bootstrapping end to end: chains train in order, each step stores labels for the next.
#include <gtest/gtest.h>

#include <map>

#include "core/analysis/Report.h"
#include "core/run/SweepRunner.h"
#include "core/store/RunStore.h"
#include "core/sweep/SweepSpec.h"
#include "tests/core/run/TinySweep.h"

namespace w2s {
namespace {

TEST(BootstrapRunTest, ChainStepsStoreLabelsAndReportBesideDirectStudents) {
  auto dir = test::tempDir("bootstrap-run");
  const std::string db = (dir / "runs.db").string();
  nlohmann::json j = test::tinySweepJson();
  j["ladder"].push_back({{"name", "s16"}, {"family", "mlp"}, {"width", 16}, {"depth", 1}});
  j["strong_sizes"] = {"s16", "s64"};
  j["seeds"] = {0};
  j["bootstrap"] = true;
  CancelToken cancel;
  const RunSummary s = SweepRunner(db, RunOptions{2, 1, "cpu"})
                           .run(SweepSpec::fromJson(j, "tiny"), "", nullptr, cancel);
  // 1 weak, 2 ceilings, 2 direct students, chain s4 -> s16 -> s64 (2 steps).
  EXPECT_EQ(s.planned, 7);
  EXPECT_EQ(s.done, 7);
  RunStore store(db);
  for (const auto& job : store.jobs()) {
    if (job.labels.value("method", "") != "bootstrap") continue;
    std::vector<int64_t> ids;
    const auto labels = store.labels(job.hash, &ids);
    ASSERT_TRUE(labels.has_value()) << "chain step without labels";
    EXPECT_EQ(labels->rows, 1500);
    EXPECT_EQ(ids.size(), 1500u);
  }

  std::map<std::pair<std::string, std::string>, StudentOutcome> by;  // (method, strong)
  for (const auto& o : collectOutcomes(store)) by[{o.method, o.strongSize}] = o;
  ASSERT_EQ(by.size(), 4u);
  const auto& direct16 = by.at({"direct", "s16"});
  const auto& boot16 = by.at({"bootstrap", "s16"});
  const auto& boot64 = by.at({"bootstrap", "s64"});
  // The first step of a chain is the direct student (same seed, same labels): equal numbers.
  EXPECT_EQ(boot16.w2sAcc, direct16.w2sAcc);
  EXPECT_EQ(boot16.chainSteps, 1);
  EXPECT_EQ(boot64.chainSteps, 2);
  // Later steps are measured against the chain's root weak model, not their supervisor.
  EXPECT_EQ(boot64.weakHash, direct16.weakHash);
  EXPECT_EQ(boot64.supervisorHash, boot16.studentHash);
  EXPECT_EQ(boot64.weakAcc, direct16.weakAcc);
  EXPECT_TRUE(boot64.pgr.has_value());

  const auto rows = aggregate(collectOutcomes(store));
  int bootRows = 0;
  for (const auto& r : rows) bootRows += r.method == "bootstrap";
  EXPECT_EQ(bootRows, 2);
}

TEST(BootstrapRunTest, SecondStudentIterationLearnsFromTheFirst) {
  auto dir = test::tempDir("s2s-run");
  const std::string db = (dir / "runs.db").string();
  nlohmann::json j = test::tinySweepJson();
  j["seeds"] = {0};
  j["student_iterations"] = 2;
  CancelToken cancel;
  const RunSummary s = SweepRunner(db, RunOptions{2, 1, "cpu"})
                           .run(SweepSpec::fromJson(j, "tiny"), "", nullptr, cancel);
  EXPECT_EQ(s.done, 5);  // weak, ceiling, direct student, 2 iterations
  RunStore store(db);
  std::map<std::string, StudentOutcome> by;
  for (const auto& o : collectOutcomes(store)) by[o.method] = o;
  ASSERT_EQ(by.size(), 3u);
  EXPECT_EQ(by.at("s2s-1").w2sAcc, by.at("direct").w2sAcc);
  EXPECT_EQ(by.at("s2s-2").supervisorHash, by.at("s2s-1").studentHash);
  EXPECT_EQ(by.at("s2s-2").weakAcc, by.at("direct").weakAcc);
  // A student imitating a student of its own size agrees with it more than with the weak model.
  EXPECT_GT(by.at("s2s-2").agree.all, by.at("direct").agree.all);
}

}  // namespace
}  // namespace w2s
