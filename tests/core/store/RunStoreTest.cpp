#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <thread>

#include "core/store/RunStore.h"
#include "core/util/Error.h"
#include "tests/core/store/TempDb.h"

namespace w2s {
namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// NaN equals NaN here: the store must give back exactly what it was given.
void expectSameDouble(double expected, double actual, const char* what) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << what << ": expected NaN, got " << actual;
  } else {
    EXPECT_DOUBLE_EQ(expected, actual) << what;
  }
}

void expectSameCurve(const std::vector<EvalPoint>& a, const std::vector<EvalPoint>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].step, b[i].step);
    expectSameDouble(a[i].epoch, b[i].epoch, "epoch");
    expectSameDouble(a[i].trainLoss, b[i].trainLoss, "trainLoss");
    expectSameDouble(a[i].testLoss, b[i].testLoss, "testLoss");
    expectSameDouble(a[i].testAcc, b[i].testAcc, "testAcc");
    expectSameDouble(a[i].agreeAll, b[i].agreeAll, "agreeAll");
    expectSameDouble(a[i].agreeRight, b[i].agreeRight, "agreeRight");
    expectSameDouble(a[i].agreeWrong, b[i].agreeWrong, "agreeWrong");
    expectSameDouble(a[i].lr, b[i].lr, "lr");
    expectSameDouble(a[i].seconds, b[i].seconds, "seconds");
    expectSameDouble(a[i].trainAcc, b[i].trainAcc, "trainAcc");
  }
}

void expectSameMatrix(const ProbMatrix& a, const ProbMatrix& b) {
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.cols, b.cols);
  EXPECT_EQ(a.data, b.data);
}

using test::TempDb;

JobRecord planned(const std::string& hash, const std::string& kind, const std::string& weak = "") {
  JobRecord r;
  r.hash = hash;
  r.kind = jobKindFromString(kind);
  r.config = {{"kind", kind}, {"seed", 3}, {"model", {{"width", 16}}}};
  if (!weak.empty()) r.config["weak"] = weak;
  r.labels = {{"task", "toy"}, {"seed", 3}};
  r.weakHash = weak;
  return r;
}

JobResult finished(const JobRecord& plannedRecord, bool withLabels) {
  JobResult res;
  res.record = plannedRecord;
  res.record.status = JobStatus::Done;
  res.record.startedAt = "2024-01-02T03:04:05Z";
  res.record.finishedAt = "2024-01-02T03:05:06Z";
  res.record.seconds = 61.25;
  res.record.paramCount = 12345;
  res.record.finalAcc = 0.8125;
  res.record.bestAcc = 0.875;
  res.record.bestStep = 20;
  const bool student = plannedRecord.kind == JobKind::Student;
  for (int64_t step : {10, 20, 30}) {
    EvalPoint p;
    p.step = step;
    p.epoch = step / 15.0;
    p.trainLoss = 1.0 / step;
    p.testLoss = 2.0 / step;
    p.testAcc = 0.5 + step / 100.0;
    if (student) {
      p.agreeAll = 0.9;
      p.agreeRight = 0.95;
      // An empty split (supervisor never wrong) is NaN and must stay NaN.
      p.agreeWrong = step == 20 ? kNaN : 0.25;
    }
    p.lr = 1e-3 / step;
    p.seconds = step * 0.5;
    // Measured at every evaluation but the first here; a missing value stays NaN.
    if (step > 10) p.trainAcc = 0.6 + step / 200.0;
    res.curve.push_back(p);
  }
  res.testProbs = {3, 2, {0.25f, 0.75f, 1.0f, 0.0f, 0.5f, 0.5f}};
  if (withLabels) {
    res.labels = ProbMatrix{2, 2, {0.125f, 0.875f, 0.625f, 0.375f}};
    res.labelIds = {7, 1LL << 40};
  }
  res.summary = {{"steps", 30}, {"device", "cpu"}};
  return res;
}

class RunStoreRoundTrip : public ::testing::TestWithParam<bool> {};

TEST_P(RunStoreRoundTrip, SavedResultsReadBackEqual) {
  TempDb temp;
  const bool onFile = GetParam();
  RunStore store(onFile ? temp.path() : ":memory:");
  EXPECT_EQ(store.schemaVersion(), RunStore::kSchemaVersion);

  const nlohmann::json spec = {{"name", "toy"}, {"seeds", {0, 1}}};
  const int64_t sweepId = store.addSweep("toy", spec, "/tmp/toy.json");
  const auto sweep = store.sweep(sweepId);
  ASSERT_TRUE(sweep);
  EXPECT_EQ(sweep->name, "toy");
  EXPECT_EQ(sweep->source, "/tmp/toy.json");
  EXPECT_EQ(sweep->spec, spec);
  EXPECT_EQ(sweep->createdAt.size(), 20u) << sweep->createdAt;  // 2024-01-02T03:04:05Z
  EXPECT_FALSE(store.sweep(sweepId + 1));

  const std::vector<JobRecord> jobs = {planned("w", "weak"), planned("c", "ceiling"),
                                       planned("s", "student", "w")};
  store.addPlannedJobs(sweepId, jobs);
  store.addPlannedJobs(sweepId, jobs);  // idempotent
  EXPECT_EQ(store.sweepJobHashes(sweepId), (std::vector<std::string>{"w", "c", "s"}));
  ASSERT_EQ(store.jobs(sweepId).size(), 3u);
  for (const auto& j : store.jobs()) EXPECT_EQ(j.status, JobStatus::Pending);
  EXPECT_FALSE(store.isDone("w"));

  const JobResult weak = finished(jobs[0], true);
  const JobResult student = finished(jobs[2], false);
  store.saveResult(weak);
  store.saveResult(student);

  const auto w = store.job("w");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->status, JobStatus::Done);
  EXPECT_EQ(w->kind, JobKind::Weak);
  EXPECT_EQ(w->config, jobs[0].config);
  EXPECT_EQ(w->labels, jobs[0].labels);
  EXPECT_EQ(w->startedAt, weak.record.startedAt);
  EXPECT_EQ(w->finishedAt, weak.record.finishedAt);
  EXPECT_DOUBLE_EQ(w->seconds, 61.25);
  EXPECT_EQ(w->paramCount, 12345);
  EXPECT_DOUBLE_EQ(w->finalAcc, 0.8125);
  EXPECT_DOUBLE_EQ(w->bestAcc, 0.875);
  EXPECT_EQ(w->bestStep, 20);
  EXPECT_TRUE(store.isDone("w"));
  EXPECT_EQ(store.job("s")->weakHash, "w");

  expectSameCurve(weak.curve, store.curve("w"));
  expectSameCurve(student.curve, store.curve("s"));
  EXPECT_TRUE(std::isnan(store.curve("w")[0].agreeAll));
  EXPECT_TRUE(std::isnan(store.curve("s")[1].agreeWrong));

  ASSERT_TRUE(store.testProbs("s"));
  expectSameMatrix(student.testProbs, *store.testProbs("s"));
  std::vector<int64_t> ids;
  const auto labels = store.labels("w", &ids);
  ASSERT_TRUE(labels);
  expectSameMatrix(*weak.labels, *labels);
  EXPECT_EQ(ids, weak.labelIds);
  EXPECT_FALSE(store.labels("s"));
  EXPECT_EQ(store.summary("w"), weak.summary);
  EXPECT_EQ(store.summary("c"), nlohmann::json::object());

  // The ceiling is still pending: its accuracies keep the record defaults.
  EXPECT_EQ(store.job("c")->finalAcc, 0.0);
  // A done job whose accuracy could not be measured keeps NaN (stored as NULL).
  JobResult unmeasured = finished(jobs[1], false);
  unmeasured.record.finalAcc = kNaN;
  store.saveResult(unmeasured);
  EXPECT_TRUE(std::isnan(store.job("c")->finalAcc));
  EXPECT_FALSE(store.job("missing"));
}

INSTANTIATE_TEST_SUITE_P(MemoryAndFile, RunStoreRoundTrip, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "File" : "Memory"; });

TEST(RunStore, SweepsShareJobsWithoutDuplicates) {
  RunStore store(":memory:");
  const int64_t first = store.addSweep("a", nlohmann::json::object(), "");
  const int64_t second = store.addSweep("b", nlohmann::json::object(), "");
  store.addPlannedJobs(first, {planned("w", "weak"), planned("c", "ceiling")});
  store.saveResult(finished(planned("w", "weak"), true));
  store.addPlannedJobs(second, {planned("w", "weak"), planned("c2", "ceiling")});
  EXPECT_EQ(store.jobs().size(), 3u);
  EXPECT_EQ(store.sweepJobHashes(second), (std::vector<std::string>{"w", "c2"}));
  EXPECT_EQ(store.job("w")->status, JobStatus::Done)
      << "planning again must not reset a finished job";
  EXPECT_EQ(store.sweeps().size(), 2u);
  EXPECT_EQ(store.latestSweep()->id, second);
  EXPECT_THROW(store.addPlannedJobs(second + 5, {planned("x", "weak")}), StoreError);
  EXPECT_FALSE(store.job("x"));
}

TEST(RunStore, FileUsesWalAndIsSharedBetweenConnections) {
  TempDb temp;
  RunStore writer(temp.path());
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(writer.handle(), "PRAGMA journal_mode", -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);

  const int64_t id = writer.addSweep("s", nlohmann::json::object(), "");
  writer.addPlannedJobs(id, {planned("w", "weak")});
  RunStore reader(temp.path());
  writer.saveResult(finished(planned("w", "weak"), true));
  EXPECT_TRUE(reader.isDone("w"));
  EXPECT_EQ(reader.testProbs("w")->rows, 3);
}

TEST(RunStore, ConnectionsOnSeveralThreadsWriteInTurn) {
  TempDb temp;
  constexpr int kThreads = 4, kJobsEach = 8;
  std::vector<JobRecord> plan;
  for (int t = 0; t < kThreads; ++t) {
    for (int j = 0; j < kJobsEach; ++j) {
      plan.push_back(planned("t" + std::to_string(t) + "j" + std::to_string(j), "weak"));
    }
  }
  {
    RunStore setup(temp.path());
    setup.addPlannedJobs(setup.addSweep("s", nlohmann::json::object(), ""), plan);
  }
  std::vector<std::thread> threads;
  std::atomic<int> errors{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        RunStore store(temp.path());  // one connection per thread
        for (int j = 0; j < kJobsEach; ++j) {
          const JobRecord& r = plan[static_cast<size_t>(t * kJobsEach + j)];
          store.markRunning(r.hash);
          store.saveResult(finished(r, true));
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++errors;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  RunStore check(temp.path());
  for (const auto& r : plan) {
    EXPECT_TRUE(check.isDone(r.hash)) << r.hash;
    EXPECT_EQ(check.curve(r.hash).size(), 3u) << r.hash;
  }
}

TEST(RunStore, FailedSaveLeavesNothingPartial) {
  RunStore store(":memory:");
  const int64_t id = store.addSweep("s", nlohmann::json::object(), "");
  store.addPlannedJobs(id, {planned("w", "weak")});

  JobResult bad = finished(planned("w", "weak"), true);
  bad.labelIds.pop_back();  // fails after the job row, curve and test predictions are written
  EXPECT_THROW(store.saveResult(bad), StoreError);
  JobResult badShape = finished(planned("w", "weak"), false);
  badShape.testProbs.rows = 4;
  EXPECT_THROW(store.saveResult(badShape), StoreError);

  EXPECT_EQ(store.job("w")->status, JobStatus::Pending);
  EXPECT_TRUE(store.curve("w").empty());
  EXPECT_FALSE(store.testProbs("w"));
  EXPECT_FALSE(store.labels("w"));
  EXPECT_EQ(store.summary("w"), nlohmann::json::object());

  // The connection is usable afterwards (no transaction left open).
  store.saveResult(finished(planned("w", "weak"), true));
  EXPECT_TRUE(store.isDone("w"));
}

TEST(RunStore, RunningJobsResetAfterInterruption) {
  RunStore store(":memory:");
  const int64_t id = store.addSweep("s", nlohmann::json::object(), "");
  store.addPlannedJobs(id, {planned("a", "weak"), planned("b", "weak"), planned("c", "weak")});
  store.markRunning("a");
  store.markRunning("b");
  EXPECT_EQ(store.job("a")->status, JobStatus::Running);
  EXPECT_FALSE(store.job("a")->startedAt.empty());
  store.saveResult(finished(planned("b", "weak"), true));
  EXPECT_EQ(store.resetInterrupted(), 1);
  EXPECT_EQ(store.job("a")->status, JobStatus::Pending);
  EXPECT_TRUE(store.job("a")->startedAt.empty());
  EXPECT_EQ(store.job("b")->status, JobStatus::Done);
  EXPECT_EQ(store.resetInterrupted(), 0);
  EXPECT_THROW(store.markRunning("nope"), StoreError);
}

TEST(RunStore, MarkFailedKeepsErrorAndNeverUndoesDone) {
  RunStore store(":memory:");
  const int64_t id = store.addSweep("s", nlohmann::json::object(), "");
  store.addPlannedJobs(id, {planned("a", "weak"), planned("b", "weak")});
  store.markRunning("a");
  store.markFailed("a", JobStatus::Failed, "loss became NaN at step 12");
  EXPECT_EQ(store.job("a")->status, JobStatus::Failed);
  EXPECT_EQ(store.job("a")->error, "loss became NaN at step 12");
  EXPECT_FALSE(store.job("a")->finishedAt.empty());
  store.saveResult(finished(planned("b", "weak"), true));
  store.markFailed("b", JobStatus::Cancelled, "stopped");
  EXPECT_EQ(store.job("b")->status, JobStatus::Done);
  EXPECT_THROW(store.markFailed("a", JobStatus::Done, ""), StoreError);
  EXPECT_THROW(store.markFailed("nope", JobStatus::Failed, "x"), StoreError);
  // A later successful run clears the error.
  store.saveResult(finished(planned("a", "weak"), true));
  EXPECT_EQ(store.job("a")->error, "");
}

TEST(RunStore, TagsAndNotesSurviveSavingResults) {
  RunStore store(":memory:");
  const int64_t id = store.addSweep("s", nlohmann::json::object(), "");
  store.addPlannedJobs(id, {planned("a", "weak")});
  store.setTags("a", "baseline,keep");
  store.setNotes("a", "first try; lr looks high");
  store.saveResult(finished(planned("a", "weak"), true));
  EXPECT_EQ(store.job("a")->tags, "baseline,keep");
  EXPECT_EQ(store.job("a")->notes, "first try; lr looks high");
  EXPECT_THROW(store.setTags("nope", "x"), StoreError);
  EXPECT_THROW(store.setNotes("nope", "x"), StoreError);
}

TEST(RunStore, TestTruthRoundTrip) {
  RunStore store(":memory:");
  EXPECT_TRUE(store.testTruth("task").empty());
  store.saveTestTruth("task", {3, 0, 9, 1});
  EXPECT_EQ(store.testTruth("task"), (std::vector<int>{3, 0, 9, 1}));
  store.saveTestTruth("task", {1});
  EXPECT_EQ(store.testTruth("task"), (std::vector<int>{1}));
}

TEST(RunStore, UnopenablePathErrorNamesTheFile) {
  const std::string path = "/nonexistent-w2s-folder/sub/runs.db";
  try {
    RunStore store(path);
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(RunStore, FileThatIsNotSqliteGivesStoreError) {
  TempDb temp;
  {
    std::ofstream out(temp.path());
    out << "this is a text file, long enough to look like a header of something else entirely.\n";
    for (int i = 0; i < 100; ++i) out << "line " << i << "\n";
  }
  try {
    RunStore store(temp.path());
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(temp.path()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace w2s
