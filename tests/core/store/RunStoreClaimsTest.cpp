// Several writers on one store: claims, leases, abandoned jobs, one row per sweep definition,
// sweep runs, read-only opens.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/store/ClaimOwner.h"
#include "core/store/RunStore.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

namespace fs = std::filesystem;

std::string tempDb(const std::string& name) {
  const std::string path = (fs::temp_directory_path() /
                            ("w2s_claims_" + name + "_" + std::to_string(::getpid()) + ".db"))
                               .string();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  return path;
}

JobRecord planned(const std::string& hash) {
  JobRecord r;
  r.hash = hash;
  r.kind = JobKind::Weak;
  r.config = {{"kind", "weak"}, {"seed", 1}};
  r.labels = {{"seed", 1}};
  return r;
}

JobResult result(const std::string& hash, double acc) {
  JobResult res;
  res.record = planned(hash);
  res.record.status = JobStatus::Done;
  res.record.finalAcc = acc;
  res.record.bestAcc = acc;
  res.testProbs = {1, 2, {0.25f, 0.75f}};
  return res;
}

// An owner that cannot be alive: this host, a pid beyond pid_max.
std::string deadOwner() { return ClaimOwner::self().host + ":4194305:1"; }

TEST(RunStoreClaims, OnlyOneOfManyConnectionsClaimsAJob) {
  const std::string db = tempDb("race");
  {
    RunStore setup(db);
    std::vector<JobRecord> jobs;
    for (int i = 0; i < 20; ++i) jobs.push_back(planned("j" + std::to_string(i)));
    setup.addPlannedJobs(setup.addSweep("s", {{"n", 20}}, ""), jobs);
  }
  std::atomic<int> claims{0};
  std::vector<std::thread> threads;
  std::vector<std::set<std::string>> won(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      RunStore store(db);
      const std::string me = ClaimOwner::newInstance().text();
      for (int i = 0; i < 20; ++i) {
        const std::string h = "j" + std::to_string(i);
        if (store.claimJob(h, me, 60) == ClaimResult::Claimed) {
          ++claims;
          won[static_cast<size_t>(t)].insert(h);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(claims.load(), 20);  // each job exactly once
  RunStore check(db);
  for (int t = 0; t < 4; ++t) {
    for (const auto& h : won[static_cast<size_t>(t)]) {
      EXPECT_EQ(check.job(h)->status, JobStatus::Running);
      EXPECT_FALSE(check.job(h)->owner.empty());
    }
  }
}

TEST(RunStoreClaims, DoneIsTerminalAndLiveClaimsAreKept) {
  RunStore store(":memory:");
  store.addPlannedJobs(store.addSweep("s", {{"a", 1}}, ""), {planned("a"), planned("b")});
  const std::string me = ClaimOwner::newInstance().text();
  const std::string other = ClaimOwner::newInstance().text();  // alive: this very process
  ASSERT_EQ(store.claimJob("a", me, 60), ClaimResult::Claimed);
  EXPECT_EQ(store.claimJob("a", other, 60), ClaimResult::Taken);
  EXPECT_EQ(store.claimJob("a", me, 60), ClaimResult::Taken);  // no double claim by one owner
  EXPECT_TRUE(store.saveResult(result("a", 0.8), /*keepDone=*/true));
  EXPECT_EQ(store.claimJob("a", other, 60), ClaimResult::Done);
  EXPECT_EQ(store.job("a")->owner, "");
  // A second save of a done job (trained elsewhere meanwhile) keeps the first result.
  EXPECT_FALSE(store.saveResult(result("a", 0.1), /*keepDone=*/true));
  EXPECT_DOUBLE_EQ(store.job("a")->finalAcc, 0.8);
  // markRunning (single-writer use) never reopens a done job.
  store.markRunning("a");
  EXPECT_EQ(store.job("a")->status, JobStatus::Done);
  EXPECT_EQ(store.claimJob("nope", me, 60), ClaimResult::Missing);
  // Live claims survive the reset of interrupted jobs.
  ASSERT_EQ(store.claimJob("b", other, 60), ClaimResult::Claimed);
  EXPECT_EQ(store.resetInterrupted(), 0);
  EXPECT_EQ(store.job("b")->status, JobStatus::Running);
}

TEST(RunStoreClaims, ExpiredLeasesAndDeadOwnersAreTakenOver) {
  RunStore store(":memory:");
  store.addPlannedJobs(store.addSweep("s", {{"a", 1}}, ""),
                       {planned("a"), planned("b"), planned("c")});
  const std::string me = ClaimOwner::newInstance().text();
  // A claim on another host whose lease ran out.
  sqlite3_exec(store.handle(),
               "UPDATE jobs SET status = 'running', owner = 'elsewhere-host:12:34', "
               "lease_until = 1 WHERE hash = 'a'",
               nullptr, nullptr, nullptr);
  // A claim on another host with a live lease: only its lease can tell, so it is kept.
  const std::string live =
      "UPDATE jobs SET status = 'running', owner = 'elsewhere-host:12:34', "
      "lease_until = " +
      std::to_string(unixNow() + 600) + " WHERE hash = 'b'";
  sqlite3_exec(store.handle(), live.c_str(), nullptr, nullptr, nullptr);
  // A claim on this host by a process that is gone, lease still running.
  const std::string dead = "UPDATE jobs SET status = 'running', owner = '" + deadOwner() +
                           "', lease_until = " + std::to_string(unixNow() + 600) +
                           " WHERE hash = 'c'";
  sqlite3_exec(store.handle(), dead.c_str(), nullptr, nullptr, nullptr);
  EXPECT_EQ(store.claimJob("a", me, 60), ClaimResult::Claimed);
  EXPECT_EQ(store.claimJob("b", me, 60), ClaimResult::Taken);
  EXPECT_EQ(store.claimJob("c", me, 60), ClaimResult::Claimed);
  EXPECT_EQ(store.job("c")->owner, me);
}

TEST(RunStoreClaims, ResetInterruptedResetsOnlyAbandonedJobs) {
  RunStore store(":memory:");
  store.addPlannedJobs(store.addSweep("s", {{"a", 1}}, ""),
                       {planned("a"), planned("b"), planned("c")});
  store.markRunning("a");  // no owner: left by a single-writer run
  ASSERT_EQ(store.claimJob("b", ClaimOwner::newInstance().text(), 600), ClaimResult::Claimed);
  const std::string dead = "UPDATE jobs SET status = 'running', owner = '" + deadOwner() +
                           "', lease_until = " + std::to_string(unixNow() + 600) +
                           " WHERE hash = 'c'";
  sqlite3_exec(store.handle(), dead.c_str(), nullptr, nullptr, nullptr);
  EXPECT_EQ(store.resetInterrupted(), 2);
  EXPECT_EQ(store.job("a")->status, JobStatus::Pending);
  EXPECT_EQ(store.job("b")->status, JobStatus::Running);
  EXPECT_EQ(store.job("c")->status, JobStatus::Pending);
}

TEST(RunStoreClaims, LeasesRenewAndReleaseOnlyForTheOwner) {
  RunStore store(":memory:");
  store.addPlannedJobs(store.addSweep("s", {{"a", 1}}, ""), {planned("a"), planned("b")});
  const std::string me = ClaimOwner::newInstance().text();
  const std::string other = ClaimOwner::newInstance().text();
  ASSERT_EQ(store.claimJob("a", me, 5), ClaimResult::Claimed);
  ASSERT_EQ(store.claimJob("b", other, 5), ClaimResult::Claimed);
  const double before = store.job("a")->leaseUntil;
  EXPECT_EQ(store.renewLeases(me, 600, {{"a", {40, 100}}, {"b", {7, 9}}}), 1);
  EXPECT_GT(store.job("a")->leaseUntil, before + 500);
  EXPECT_EQ(store.job("a")->progressStep, 40);
  EXPECT_EQ(store.job("a")->progressTotal, 100);
  EXPECT_EQ(store.job("b")->progressStep, 0);  // not mine: untouched
  EXPECT_FALSE(store.releaseJob("b", me, JobStatus::Cancelled, "stopped"));
  EXPECT_EQ(store.job("b")->status, JobStatus::Running);
  EXPECT_TRUE(store.releaseJob("a", me, JobStatus::Failed, "loss became NaN"));
  EXPECT_EQ(store.job("a")->status, JobStatus::Failed);
  EXPECT_EQ(store.job("a")->error, "loss became NaN");
  EXPECT_THROW(store.releaseJob("b", other, JobStatus::Done, ""), StoreError);
  // A failed job may be claimed again.
  EXPECT_EQ(store.claimJob("a", other, 5), ClaimResult::Claimed);
}

TEST(RunStoreClaims, OneSweepRowPerDefinitionAndOneRunRowPerRun) {
  RunStore store(":memory:");
  const nlohmann::json spec = {{"seeds", {0, 1}}};
  const auto [s1, r1] = store.beginSweepRun("sweep", spec, "a.json", {planned("a")}, "me");
  const auto [s2, r2] = store.beginSweepRun("sweep", spec, "b.json", {planned("a")}, "you");
  const auto [s3, r3] = store.beginSweepRun("sweep", {{"seeds", {0}}}, "", {planned("b")}, "me");
  EXPECT_EQ(s1, s2);
  EXPECT_NE(s1, s3);
  EXPECT_NE(r1, r2);
  EXPECT_EQ(store.sweeps().size(), 2u);
  EXPECT_EQ(store.addSweep("sweep", spec, ""), s1);
  SweepRunRecord done;
  done.id = r1;
  done.outcome = "finished";
  done.trained = 3;
  done.elsewhere = 1;
  store.finishSweepRun(done);
  const auto runs = store.sweepRuns(s1);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].outcome, "finished");
  EXPECT_EQ(runs[0].trained, 3);
  EXPECT_EQ(runs[0].elsewhere, 1);
  EXPECT_EQ(runs[0].source, "a.json");
  EXPECT_EQ(runs[1].owner, "you");
  EXPECT_EQ(runs[1].outcome, "");
  EXPECT_EQ(store.sweepJobHashes(s1), std::vector<std::string>{"a"});
}

TEST(RunStoreClaims, ReadOnlyOpenNeverWritesAndRefusesWrites) {
  const std::string db = tempDb("readonly");
  {
    RunStore writer(db);
    writer.addPlannedJobs(writer.addSweep("s", {{"a", 1}}, ""), {planned("a")});
    writer.saveResult(result("a", 0.75));
    sqlite3_exec(writer.handle(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  }
  auto bytes = [&] {
    std::ifstream in(db, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const std::string before = bytes();
  {
    RunStore reader(db, RunStore::OpenMode::ReadOnly);
    EXPECT_DOUBLE_EQ(reader.job("a")->finalAcc, 0.75);
    EXPECT_EQ(reader.sweeps().size(), 1u);
    EXPECT_THROW(reader.setTags("a", "x"), StoreError);
  }
  EXPECT_EQ(bytes(), before);
  EXPECT_THROW(RunStore(db + ".missing", RunStore::OpenMode::ReadOnly), StoreError);
  EXPECT_FALSE(fs::exists(db + ".missing"));
}

TEST(RunStoreClaims, DataVersionChangesWhenAnotherConnectionCommits) {
  const std::string db = tempDb("dataversion");
  RunStore reader(db);
  RunStore writer(db);
  const int64_t v0 = reader.dataVersion();
  EXPECT_EQ(reader.dataVersion(), v0);
  writer.addSweep("s", {{"a", 1}}, "");
  EXPECT_NE(reader.dataVersion(), v0);
}

TEST(ClaimOwner, TextRoundTripsAndTellsDeadProcesses) {
  const ClaimOwner& me = ClaimOwner::self();
  EXPECT_EQ(me.pid, ::getpid());
  EXPECT_GT(me.startTicks, 0);
  const ClaimOwner instance = ClaimOwner::newInstance();
  const auto parsed = ClaimOwner::parse(instance.text());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->host, me.host);
  EXPECT_EQ(parsed->pid, me.pid);
  EXPECT_EQ(parsed->startTicks, me.startTicks);
  EXPECT_EQ(parsed->instance, instance.instance);
  EXPECT_FALSE(parsed->deadOnThisHost());
  EXPECT_TRUE(ClaimOwner::parse(deadOwner())->deadOnThisHost());
  // The pid of a live process with another start time: a recycled pid, so the owner is gone.
  ClaimOwner recycled = me;
  recycled.pid = 1;
  recycled.startTicks = 123456789;
  EXPECT_TRUE(recycled.deadOnThisHost());
  ClaimOwner remote = me;
  remote.host = "another-host";
  remote.pid = 4194305;
  EXPECT_FALSE(remote.deadOnThisHost());  // only its lease can tell
  EXPECT_FALSE(ClaimOwner::parse(""));
  EXPECT_FALSE(ClaimOwner::parse("host:abc:1"));
  EXPECT_FALSE(ClaimOwner::parse("host:12"));
}

}  // namespace
}  // namespace w2s

namespace w2s {
namespace {

// Two `w2s run`s started together on a new file both switch it to WAL; SQLite answers that
// pragma with SQLITE_BUSY at once (no busy handler) while the other connection holds the file.
TEST(RunStoreClaims, ManyConnectionsOpeningANewStoreAtOnceAllSucceed) {
  for (int round = 0; round < 40; ++round) {
    const std::string path = tempDb("fresh_open");
    std::atomic<int> ready{0};
    std::atomic<int> failures{0};
    std::string firstError;
    std::mutex errorMutex;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        ++ready;
        while (ready < 4) std::this_thread::yield();
        try {
          RunStore store(path);
          store.sweeps();
        } catch (const std::exception& e) {
          std::lock_guard<std::mutex> lock(errorMutex);
          if (failures++ == 0) firstError = e.what();
        }
      });
    }
    for (auto& t : threads) t.join();
    ASSERT_EQ(failures, 0) << "round " << round << ": " << firstError;
  }
}

}  // namespace
}  // namespace w2s
