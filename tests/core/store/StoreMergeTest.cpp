#include "core/store/StoreMerge.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/cli/Cli.h"
#include "core/store/RunStore.h"
#include "core/store/Statement.h"
#include "core/util/Error.h"
#include "tests/core/store/TempDb.h"

namespace w2s {
namespace {

namespace fs = std::filesystem;

using test::TempDb;

JobRecord planned(const std::string& hash, const std::string& kind, const std::string& weak = "") {
  JobRecord r;
  r.hash = hash;
  r.kind = jobKindFromString(kind);
  r.config = {{"kind", kind}, {"seed", 1}};
  if (!weak.empty()) r.config["weak"] = weak;
  r.labels = {{"task", "toy"}, {"seed", 1}};
  r.weakHash = weak;
  return r;
}

JobResult finished(const JobRecord& job, double acc) {
  JobResult res;
  res.record = job;
  res.record.status = JobStatus::Done;
  res.record.startedAt = "2026-01-02T03:04:05Z";
  res.record.finishedAt = "2026-01-02T03:05:06Z";
  res.record.seconds = 61.0;
  res.record.paramCount = 100;
  res.record.finalAcc = acc;
  res.record.bestAcc = acc + 0.01;
  res.record.bestStep = 20;
  for (int64_t step : {10, 20}) {
    EvalPoint p;
    p.step = step;
    p.testAcc = acc - 0.1 + step / 1000.0;
    res.curve.push_back(p);
  }
  res.testProbs = {2, 2, {0.25f, 0.75f, static_cast<float>(acc), 1.0f - static_cast<float>(acc)}};
  if (job.kind == JobKind::Weak) {
    res.labels = ProbMatrix{2, 2, {0.5f, 0.5f, 0.125f, 0.875f}};
    res.labelIds = {4, 9};
  }
  res.summary = {{"steps", 20}};
  return res;
}

const nlohmann::json kSpec = {{"name", "toy"}, {"seeds", {1}}};
const std::vector<JobRecord> kJobs = {planned("w", "weak"), planned("c", "ceiling"),
                                      planned("s", "student", "w")};

/// The sweep's three jobs planned in `path` by one run; the ones in `done` finished.
void writeStore(const std::string& path, const std::vector<std::string>& done, double acc = 0.75,
                const std::string& owner = "host:1:2") {
  RunStore store(path);
  const auto [sweepId, runId] = store.beginSweepRun("toy", kSpec, "toy.json", kJobs, owner);
  for (const JobRecord& j : kJobs) {
    if (std::find(done.begin(), done.end(), j.hash) != done.end()) {
      store.saveResult(finished(j, acc));
    }
  }
  SweepRunRecord run;
  run.id = runId;
  run.sweepId = sweepId;
  run.outcome = "finished";
  run.trained = static_cast<int>(done.size());
  store.finishSweepRun(run);
}

int64_t count(const RunStore& store, const std::string& sql) {
  Statement s(store.handle(), sql);
  return s.step() ? s.getInt(0) : -1;
}

TEST(StoreMerge, IntoAnEmptyStoreCopiesEverythingAndASecondMergeChangesNothing) {
  TempDb in("in"), out("out");
  writeStore(in.path(), {"w", "c"});
  {
    RunStore src(in.path());
    src.saveWeights("w", "torch-backbone", std::string("\0\1weights", 9));
    src.saveTestTruth("task1", {0, 1, 1});
    src.setTags("c", "keep,paper");
  }
  RunStore dst(out.path());
  const MergeReport first = mergeStore(dst, in.path());
  EXPECT_EQ(first.jobsAdded, 3);
  EXPECT_EQ(first.jobsCompleted, 0);
  EXPECT_EQ(first.sweepsAdded, 1);
  EXPECT_EQ(first.runsAdded, 1);
  EXPECT_TRUE(first.conflicts.empty());
  EXPECT_GT(first.rowsChanged, 3);

  RunStore src(in.path(), RunStore::OpenMode::ReadOnly);
  for (const JobRecord& j : src.jobs()) {
    SCOPED_TRACE(j.hash);
    const auto copy = dst.job(j.hash);
    ASSERT_TRUE(copy);
    EXPECT_EQ(copy->status, j.status);
    EXPECT_EQ(copy->config, j.config);
    EXPECT_EQ(copy->labels, j.labels);
    EXPECT_EQ(copy->weakHash, j.weakHash);
    EXPECT_DOUBLE_EQ(copy->finalAcc, j.finalAcc);
    EXPECT_EQ(copy->tags, j.tags);
    EXPECT_EQ(dst.curve(j.hash).size(), src.curve(j.hash).size());
    EXPECT_EQ(dst.summary(j.hash), src.summary(j.hash));
    const auto a = src.testProbs(j.hash), b = dst.testProbs(j.hash);
    ASSERT_EQ(a.has_value(), b.has_value());
    if (a) {
      EXPECT_EQ(a->data, b->data);
    }
  }
  std::vector<int64_t> ids;
  ASSERT_TRUE(dst.labels("w", &ids));
  EXPECT_EQ(ids, (std::vector<int64_t>{4, 9}));
  EXPECT_EQ(dst.weights("w", "torch-backbone"), std::string("\0\1weights", 9));
  EXPECT_EQ(dst.testTruth("task1"), (std::vector<int>{0, 1, 1}));
  ASSERT_EQ(dst.sweeps().size(), 1u);
  EXPECT_EQ(dst.sweeps()[0].spec, kSpec);
  EXPECT_EQ(dst.sweepJobHashes(dst.sweeps()[0].id), (std::vector<std::string>{"w", "c", "s"}));
  ASSERT_EQ(dst.sweepRuns().size(), 1u);
  EXPECT_EQ(dst.sweepRuns()[0].outcome, "finished");

  const MergeReport second = mergeStore(dst, in.path());
  EXPECT_EQ(second.rowsChanged, 0);
  EXPECT_EQ(second.jobsAdded, 0);
  EXPECT_EQ(second.jobsIdentical, 2);
  EXPECT_EQ(second.sweepsAdded + second.runsAdded, 0);
  EXPECT_EQ(dst.sweepRuns().size(), 1u);
}

TEST(StoreMerge, ShardsOfOneSweepCombineIntoOneFinishedSweep) {
  TempDb a("a"), b("b"), out("out");
  writeStore(a.path(), {"w", "s"}, 0.75, "node1:10:20");
  writeStore(b.path(), {"c"}, 0.75, "node2:30:40");
  RunStore dst(out.path());
  const MergeReport ra = mergeStore(dst, a.path());
  const MergeReport rb = mergeStore(dst, b.path());
  EXPECT_EQ(ra.jobsAdded, 3);
  EXPECT_EQ(rb.jobsAdded, 0);
  EXPECT_EQ(rb.jobsCompleted, 1);  // c: pending from shard a, done in shard b
  EXPECT_EQ(rb.jobsIdentical, 0);
  for (const JobRecord& j : dst.jobs()) EXPECT_EQ(j.status, JobStatus::Done) << j.hash;
  EXPECT_EQ(dst.curve("c").size(), 2u);
  EXPECT_EQ(dst.sweeps().size(), 1u);
  EXPECT_EQ(dst.sweepRuns().size(), 2u);  // each shard's run
  // The other order gives the same store.
  TempDb out2("out2");
  RunStore other(out2.path());
  mergeStore(other, b.path());
  mergeStore(other, a.path());
  for (const JobRecord& j : dst.jobs()) {
    EXPECT_EQ(other.job(j.hash)->status, JobStatus::Done);
    EXPECT_DOUBLE_EQ(other.job(j.hash)->finalAcc, j.finalAcc);
  }
}

TEST(StoreMerge, ADoneJobReplacesAFailedAttemptAndItsLeftovers) {
  TempDb in("in"), out("out");
  writeStore(in.path(), {"w"});
  {
    RunStore dst(out.path());
    dst.beginSweepRun("toy", kSpec, "toy.json", kJobs, "other:1:2");
    dst.markFailed("w", JobStatus::Failed, "out of memory");
  }
  RunStore dst(out.path());
  const MergeReport r = mergeStore(dst, in.path());
  EXPECT_EQ(r.jobsCompleted, 1);
  const auto w = dst.job("w");
  EXPECT_EQ(w->status, JobStatus::Done);
  EXPECT_EQ(w->error, "");
  EXPECT_DOUBLE_EQ(w->finalAcc, 0.75);
  EXPECT_EQ(dst.curve("w").size(), 2u);
  EXPECT_EQ(dst.sweeps().size(), 1u);  // same definition: one row, the output's
}

TEST(StoreMerge, AJobTheInputWasTrainingArrivesPendingWithoutItsClaim) {
  TempDb in("in"), out("out");
  writeStore(in.path(), {});
  {
    RunStore src(in.path());
    ASSERT_EQ(src.claimJob("w", "host:1:2", 90.0), ClaimResult::Claimed);
  }
  RunStore dst(out.path());
  mergeStore(dst, in.path());
  const auto w = dst.job("w");
  EXPECT_EQ(w->status, JobStatus::Pending);
  EXPECT_EQ(w->owner, "");
}

TEST(StoreMerge, DifferentResultsForOneHashAreReportedAndTheOutputKeepsItsOwn) {
  TempDb in("in"), out("out");
  writeStore(in.path(), {"w"}, 0.75);
  writeStore(out.path(), {"w"}, 0.5);
  RunStore dst(out.path());
  const MergeReport r = mergeStore(dst, in.path());
  ASSERT_EQ(r.conflicts.size(), 1u);
  EXPECT_NE(r.conflicts[0].find("job w"), std::string::npos) << r.conflicts[0];
  EXPECT_NE(r.conflicts[0].find("final accuracy 0.5 here, 0.75 in the input"), std::string::npos)
      << r.conflicts[0];
  EXPECT_NE(r.conflicts[0].find("test predictions differ"), std::string::npos) << r.conflicts[0];
  EXPECT_DOUBLE_EQ(dst.job("w")->finalAcc, 0.5);
  EXPECT_FLOAT_EQ(dst.testProbs("w")->data[2], 0.5f);

  // The command says so and exits 3.
  std::ostringstream o, e;
  EXPECT_EQ(runCli({"merge", out.path(), in.path()}, o, e), 3);
  EXPECT_NE(e.str().find("conflict: job w"), std::string::npos) << e.str();
  EXPECT_NE(o.str().find("merged " + in.path()), std::string::npos) << o.str();
}

TEST(StoreMerge, RefusesMissingForeignAndSelfInputsWithoutChangingTheOutput) {
  TempDb out("out"), text("text");
  writeStore(out.path(), {"w"});
  { std::ofstream(text.path()) << "not a database"; }
  RunStore dst(out.path());
  const int64_t before = count(dst, "SELECT count(*) FROM jobs");
  auto errorOf = [&](const std::string& input) {
    try {
      mergeStore(dst, input);
    } catch (const StoreError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(errorOf("/nonexistent/x.db").find("merge input /nonexistent/x.db: no such store file"),
            std::string::npos);
  EXPECT_NE(errorOf(out.path()).find("is the output store itself"), std::string::npos);
  EXPECT_NE(errorOf(text.path()).find(text.path()), std::string::npos);
  EXPECT_EQ(count(dst, "SELECT count(*) FROM jobs"), before);

  // The command checks every input before writing anything.
  TempDb fresh("fresh"), good("good");
  writeStore(good.path(), {"w"});
  std::ostringstream o, e;
  EXPECT_EQ(runCli({"merge", fresh.path(), good.path(), "/nonexistent/y.db"}, o, e), 1);
  EXPECT_NE(e.str().find("/nonexistent/y.db: no such store file"), std::string::npos) << e.str();
  EXPECT_FALSE(fs::exists(fresh.path()));
}

TEST(StoreMerge, AMergedTrainedSweepReportsExactlyAsTheOriginal) {
  TempDb trained("trained"), merged("merged");
  const std::string sweep = std::string(W2S_SOURCE_RESOURCE_DIR) + "/sweeps/synthetic-small.json";
  std::ostringstream o, e;
  ASSERT_EQ(runCli({"run", sweep, "--db", trained.path(), "--jobs", "2", "--threads", "1"}, o, e),
            0)
      << e.str();
  std::ostringstream m1, m2, me;
  ASSERT_EQ(runCli({"merge", merged.path(), trained.path()}, m1, me), 0) << me.str();
  ASSERT_EQ(runCli({"merge", merged.path(), trained.path()}, m2, me), 0) << me.str();
  EXPECT_NE(m2.str().find("0 jobs added, 0 completed, 66 identical, 0 sweeps and 0 runs added; 0 "
                          "rows changed"),
            std::string::npos)
      << m2.str();
  auto report = [](const std::string& db) {
    std::ostringstream out, err;
    EXPECT_EQ(runCli({"report", "--db", db, "--format", "csv"}, out, err), 0) << err.str();
    return out.str();
  };
  const std::string original = report(trained.path());
  EXPECT_GT(original.size(), 1000u);
  EXPECT_EQ(report(merged.path()), original);
}

}  // namespace
}  // namespace w2s
