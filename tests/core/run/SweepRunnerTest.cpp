#include "core/run/SweepRunner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/analysis/Report.h"
#include "core/store/RunStore.h"
#include "core/sweep/SweepSpec.h"
#include "tests/core/run/TinySweep.h"

namespace w2s {
namespace {

struct Counting : SweepObserver {
  std::mutex m;
  int started = 0, finished = 0, evals = 0, planned = -1, reused = -1;
  void sweepStarted(int64_t, int p, int r) override {
    planned = p;
    reused = r;
  }
  void jobStarted(const Job&) override {
    std::lock_guard<std::mutex> l(m);
    ++started;
  }
  void jobEval(const Job&, const EvalPoint&) override {
    std::lock_guard<std::mutex> l(m);
    ++evals;
  }
  void jobFinished(const Job&, const std::string&, const std::string&, double) override {
    std::lock_guard<std::mutex> l(m);
    ++finished;
  }
};

std::map<std::string, double> finalAccuracies(const std::string& db) {
  RunStore store(db);
  std::map<std::string, double> acc;
  for (const auto& j : store.jobs()) acc[j.hash] = j.finalAcc;
  return acc;
}

TEST(SweepRunnerTest, TrainsEveryJobOnceAndReusesThemInALaterSweep) {
  auto dir = test::tempDir("runner-reuse");
  const std::string db = (dir / "runs.db").string();
  const SweepSpec spec = SweepSpec::fromJson(test::tinySweepJson(), "tiny");
  CancelToken cancel;
  Counting first;
  RunSummary s1 = SweepRunner(db, RunOptions{2, 1, "cpu"}).run(spec, "tiny.json", &first, cancel);
  EXPECT_EQ(s1.planned, 6);  // 2 weak + 2 ceilings + 2 students
  EXPECT_EQ(s1.done, 6);
  EXPECT_EQ(s1.reused, 0);
  EXPECT_EQ(first.finished, 6);
  EXPECT_GT(first.evals, 6);

  // A second sweep with one more seed: only that seed's three jobs are new.
  nlohmann::json more = test::tinySweepJson();
  more["seeds"] = {0, 1, 2};
  Counting second;
  RunSummary s2 = SweepRunner(db, RunOptions{1, 1, "cpu"})
                      .run(SweepSpec::fromJson(more, "more"), "", &second, cancel);
  EXPECT_EQ(s2.planned, 9);
  EXPECT_EQ(s2.reused, 6);
  EXPECT_EQ(s2.done, 3);
  EXPECT_EQ(second.started, 3);
  RunStore store(db);
  EXPECT_EQ(store.sweeps().size(), 2u);
  EXPECT_EQ(store.jobs().size(), 9u);
}

TEST(SweepRunnerTest, StrongStudentBeatsItsNoisyViewSupervisorEndToEnd) {
  auto dir = test::tempDir("runner-e2e");
  const std::string db = (dir / "runs.db").string();
  CancelToken cancel;
  SweepRunner(db, RunOptions{2, 1, "cpu"})
      .run(SweepSpec::fromJson(test::tinySweepJson(), "tiny"), "", nullptr, cancel);
  RunStore store(db);
  const auto outcomes = collectOutcomes(store);
  ASSERT_EQ(outcomes.size(), 2u);
  for (const auto& o : outcomes) {
    EXPECT_GT(o.w2sAcc, o.weakAcc) << "seed " << o.seed;
    EXPECT_GT(o.ceilingAcc, o.weakAcc) << "seed " << o.seed;
    ASSERT_TRUE(o.pgr.has_value());
    EXPECT_GT(*o.pgr, 0.0);
    EXPECT_LT(o.agree.all, 1.0);
  }
}

TEST(SweepRunnerTest, SameSeedGivesTheSameNumbers) {
  auto dir = test::tempDir("runner-determinism");
  const SweepSpec spec = SweepSpec::fromJson(test::tinySweepJson(), "tiny");
  CancelToken cancel;
  const std::string a = (dir / "a.db").string(), b = (dir / "b.db").string();
  SweepRunner(a, RunOptions{2, 1, "cpu"}).run(spec, "", nullptr, cancel);
  SweepRunner(b, RunOptions{1, 1, "cpu"}).run(spec, "", nullptr, cancel);
  const auto accA = finalAccuracies(a), accB = finalAccuracies(b);
  ASSERT_EQ(accA.size(), 6u);
  EXPECT_EQ(accA, accB);
  RunStore sa(a), sb(b);
  for (const auto& kv : accA) {
    const auto ca = sa.curve(kv.first), cb = sb.curve(kv.first);
    ASSERT_EQ(ca.size(), cb.size());
    for (size_t i = 0; i < ca.size(); ++i) EXPECT_EQ(ca[i].testAcc, cb[i].testAcc);
  }
}

TEST(SweepRunnerTest, CancelledSweepLeavesAConsistentStoreAndResumes) {
  auto dir = test::tempDir("runner-cancel");
  const std::string db = (dir / "runs.db").string();
  const SweepSpec spec = SweepSpec::fromJson(test::tinySweepJson(), "tiny");
  // Cancel as soon as the first job finishes.
  struct CancelAfterFirst : SweepObserver {
    CancelToken* token;
    void jobFinished(const Job&, const std::string&, const std::string&, double) override {
      token->request();
    }
  } obs;
  CancelToken cancel;
  obs.token = &cancel;
  RunSummary s = SweepRunner(db, RunOptions{1, 1, "cpu"}).run(spec, "", &obs, cancel);
  EXPECT_GE(s.done, 1);
  EXPECT_LT(s.done, 6);
  {
    RunStore store(db);
    for (const auto& j : store.jobs()) {
      EXPECT_NE(j.status, "running") << j.hash;
      if (j.status == "done") {
        EXPECT_FALSE(store.curve(j.hash).empty());
      }
    }
  }
  CancelToken fresh;
  RunSummary again = SweepRunner(db, RunOptions{1, 1, "cpu"}).run(spec, "", nullptr, fresh);
  EXPECT_EQ(again.reused, s.done);
  EXPECT_EQ(again.done, 6 - s.done);
}

TEST(SweepRunnerTest, CancellingOneJobSkipsItsStudentsOnly) {
  auto dir = test::tempDir("runner-cancel-job");
  const std::string db = (dir / "runs.db").string();
  const SweepSpec spec = SweepSpec::fromJson(test::tinySweepJson(), "tiny");
  const Plan plan = planSweep(spec);
  std::string weak0;
  for (const auto& j : plan.jobs) {
    if (j.kind == JobKind::Weak && j.labels.value("seed", -1) == 0) weak0 = j.hash;
  }
  ASSERT_FALSE(weak0.empty());
  SweepRunner runner(db, RunOptions{1, 1, "cpu"});
  runner.cancelJob(weak0);
  CancelToken cancel;
  RunSummary s = runner.run(spec, "", nullptr, cancel);
  EXPECT_EQ(s.cancelled, 1);
  EXPECT_EQ(s.skipped, 1);  // the seed-0 student
  EXPECT_EQ(s.done, 4);
}

}  // namespace
}  // namespace w2s
