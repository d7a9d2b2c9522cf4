#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "core/analysis/Report.h"
#include "core/run/SweepRunner.h"
#include "core/store/RunStore.h"
#include "core/sweep/SweepSpec.h"
#include "tests/core/run/TinySweep.h"

namespace w2s {
namespace {

struct Counting : SweepObserver {
  std::mutex m;
  int started = 0, finished = 0, evals = 0, planned = -1, reused = -1;
  void onEvent(const SweepEvent& e) override {
    std::lock_guard<std::mutex> l(m);
    if (const auto* s = std::get_if<SweepStarted>(&e)) {
      planned = s->planned;
      reused = s->alreadyDone;
    }
    started += std::holds_alternative<JobStarted>(e);
    evals += std::holds_alternative<JobEvaluated>(e);
    finished += std::holds_alternative<JobFinished>(e);
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
    void onEvent(const SweepEvent& e) override {
      if (std::holds_alternative<JobFinished>(e)) token->request();
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
      EXPECT_NE(j.status, JobStatus::Running) << j.hash;
      if (j.status == JobStatus::Done) {
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

// Two runners on one store at once (threads here; processes in CliTest): every job is trained
// by exactly one of them, and the other counts it as done elsewhere or reused.
TEST(SweepRunnerTest, TwoRunnersOnOneStoreTrainEachJobOnce) {
  auto dir = test::tempDir("runner-two");
  const std::string db = (dir / "runs.db").string();
  const SweepSpec spec = SweepSpec::fromJson(test::tinySweepJson(), "tiny");
  CancelToken cancel;
  RunSummary a, b;
  Counting ca, cb;
  std::thread ta([&] { a = SweepRunner(db, RunOptions{1, 1, "cpu"}).run(spec, "", &ca, cancel); });
  std::thread tb([&] { b = SweepRunner(db, RunOptions{1, 1, "cpu"}).run(spec, "", &cb, cancel); });
  ta.join();
  tb.join();
  EXPECT_EQ(a.done + b.done, 6) << "each job trained exactly once";
  EXPECT_EQ(ca.started + cb.started, 6);
  EXPECT_EQ(a.failed + b.failed + a.skipped + b.skipped, 0);
  EXPECT_EQ(a.done + a.elsewhere + a.reused, 6);
  EXPECT_EQ(b.done + b.elsewhere + b.reused, 6);
  RunStore store(db);
  EXPECT_EQ(store.sweeps().size(), 1u);  // one definition, two runs
  EXPECT_EQ(store.sweepRuns().size(), 2u);
  for (const auto& j : store.jobs()) EXPECT_EQ(j.status, JobStatus::Done) << j.hash;
  for (const auto& r : store.sweepRuns()) EXPECT_EQ(r.outcome, "finished");
}

// Holds the store's write lock on its own connection for `seconds`, from a thread.
class LockHolder {
 public:
  void hold(const std::string& db, double seconds) {
    thread_ = std::thread([db, seconds, this] {
      sqlite3* c = nullptr;
      sqlite3_open(db.c_str(), &c);
      sqlite3_busy_timeout(c, 10000);
      sqlite3_exec(c, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
      locked_ = true;
      std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
      sqlite3_exec(c, "COMMIT", nullptr, nullptr, nullptr);
      sqlite3_close(c);
    });
    while (!locked_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~LockHolder() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
  std::atomic<bool> locked_{false};
};

// Locks the store as the first job starts, so that its save meets a held lock.
struct LockOnFirstStart : Counting {
  LockHolder holder;
  std::string db;
  double seconds = 0;
  std::atomic<bool> first{true};
  void onEvent(const SweepEvent& e) override {
    Counting::onEvent(e);
    if (std::holds_alternative<JobStarted>(e) && first.exchange(false)) holder.hold(db, seconds);
  }
};

TEST(SweepRunnerTest, ABusyStoreDelaysSavesButLosesNoResult) {
  auto dir = test::tempDir("runner-busy");
  const std::string db = (dir / "runs.db").string();
  const SweepSpec spec = SweepSpec::fromJson(test::tinySweepJson(), "tiny");
  RunOptions opt{1, 1, "cpu"};
  opt.busyTimeoutMs = 100;  // each try gives up fast, so the retries are exercised
  opt.savePatienceSeconds = 60;
  LockOnFirstStart obs;
  obs.db = db;
  obs.seconds = 3;
  CancelToken cancel;
  const RunSummary s = SweepRunner(db, opt).run(spec, "", &obs, cancel);
  EXPECT_EQ(s.done, 6);
  EXPECT_EQ(s.failed + s.skipped, 0);
  EXPECT_FALSE(std::filesystem::exists(db + ".unsaved"));
}

TEST(SweepRunnerTest, AResultTheStoreWillNotTakeIsKeptAndSavedByTheNextRun) {
  auto dir = test::tempDir("runner-kept");
  const std::string db = (dir / "runs.db").string();
  const SweepSpec spec = SweepSpec::fromJson(test::tinySweepJson(), "tiny");
  RunOptions opt{1, 1, "cpu"};
  opt.busyTimeoutMs = 50;
  opt.savePatienceSeconds = 0.3;
  CancelToken cancel;
  RunSummary first;
  {
    LockOnFirstStart obs;
    obs.db = db;
    obs.seconds = 4;
    first = SweepRunner(db, opt).run(spec, "", &obs, cancel);
  }
  EXPECT_EQ(first.done, 0);
  EXPECT_GT(first.failed, 0);
  int kept = 0;
  for (const auto& f : std::filesystem::directory_iterator(db + ".unsaved")) {
    kept += f.path().extension() == ".db";
  }
  EXPECT_EQ(kept, 1);

  opt.savePatienceSeconds = 60;
  Counting again;
  const RunSummary second = SweepRunner(db, opt).run(spec, "", &again, cancel);
  EXPECT_EQ(second.reused, 1) << "the kept result is saved, not trained again";
  EXPECT_EQ(second.done, 5);
  EXPECT_EQ(again.started, 5);
  EXPECT_FALSE(std::filesystem::exists(db + ".unsaved"));
  RunStore store(db);
  for (const auto& j : store.jobs()) EXPECT_EQ(j.status, JobStatus::Done) << j.hash;
}

// Throws from every notification: the sweep must not notice.
struct ThrowingObserver : SweepObserver {
  void onEvent(const SweepEvent&) override { throw std::runtime_error("observer"); }
};

TEST(SweepRunnerTest, NothingThrownInAWorkerEndsTheSweep) {
  auto dir = test::tempDir("runner-contained");
  const std::string db = (dir / "runs.db").string();
  const SweepSpec spec = SweepSpec::fromJson(test::tinySweepJson(), "tiny");
  CancelToken cancel;
  ThrowingObserver throwing;
  const RunSummary s = SweepRunner(db, RunOptions{2, 1, "cpu"}).run(spec, "", &throwing, cancel);
  EXPECT_EQ(s.done, 6);

  // The store's schema changed by another process mid-run: the jobs that meet it fail with the
  // message, their dependants are skipped, and the run returns.
  const std::string db2 = (dir / "runs2.db").string();
  struct BumpSchema : Counting {
    std::string db;
    std::atomic<bool> first{true};
    void onEvent(const SweepEvent& e) override {
      Counting::onEvent(e);
      if (!std::holds_alternative<JobFinished>(e) || !first.exchange(false)) return;
      sqlite3* c = nullptr;
      sqlite3_open(db.c_str(), &c);
      sqlite3_exec(c, "UPDATE schema_version SET version = 99", nullptr, nullptr, nullptr);
      sqlite3_close(c);
    }
    std::mutex em;
    std::vector<std::string> errors;
  } bump;
  bump.db = db2;
  const RunSummary t = SweepRunner(db2, RunOptions{1, 1, "cpu"}).run(spec, "", &bump, cancel);
  EXPECT_GT(t.failed + t.skipped, 0);
  EXPECT_EQ(t.done + t.failed + t.skipped + t.cancelled, 6);
}

}  // namespace
}  // namespace w2s
