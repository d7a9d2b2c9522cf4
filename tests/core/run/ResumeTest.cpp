// Kill a real `w2s run` process mid-sweep, run it again: nothing finished is retrained, and the
// results equal those of an uninterrupted run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "core/store/RunStore.h"
#include "tests/core/run/TinySweep.h"

namespace w2s {
namespace {

pid_t spawnRun(const std::string& sweep, const std::string& db) {
  pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stdout);
    execl(W2S_CLI_PATH, "w2s", "run", sweep.c_str(), "--db", db.c_str(), "--jobs", "1", "--threads",
          "1", "--device", "cpu", static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// A run whose output goes to `log`.
pid_t spawnLogged(const std::string& sweep, const std::string& db, const std::string& log) {
  pid_t pid = fork();
  if (pid == 0) {
    freopen(log.c_str(), "w", stdout);
    freopen("/dev/null", "w", stderr);
    execl(W2S_CLI_PATH, "w2s", "run", sweep.c_str(), "--db", db.c_str(), "--jobs", "1", "--threads",
          "1", "--device", "cpu", "--quiet", static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// "N trained" and "N done elsewhere" from a run's closing line.
std::pair<int, int> trainedAndElsewhere(const std::string& log) {
  std::ifstream in(log);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(R"((\d+) trained, (\d+) done elsewhere)"))) {
    ADD_FAILURE() << log << " has no summary line:\n" << text;
    return {-1, -1};
  }
  return {std::stoi(m[1]), std::stoi(m[2])};
}

int waitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int runToEnd(const std::string& sweep, const std::string& db) {
  int status = 0;
  waitpid(spawnRun(sweep, db), &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int countDone(const std::string& db) {
  try {
    RunStore store(db);
    int n = 0;
    for (const auto& j : store.jobs()) n += j.status == JobStatus::Done;
    return n;
  } catch (const std::exception&) {
    return 0;  // not created yet
  }
}

TEST(ResumeTest, KilledRunResumesWithoutRetrainingFinishedJobs) {
  auto dir = test::tempDir("resume");
  nlohmann::json sweep = test::tinySweepJson();
  sweep["seeds"] = {0, 1, 2, 3};  // 12 jobs
  const std::string sweepPath = test::writeJson(dir / "sweep.json", sweep);
  const std::string db = (dir / "killed.db").string();

  pid_t pid = spawnRun(sweepPath, db);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  int done = 0;
  while ((done = countDone(db)) < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run finished before it could be killed";

  std::map<std::string, std::string> finishedBefore;
  {
    RunStore store(db);
    for (const auto& j : store.jobs()) {
      if (j.status == JobStatus::Done) finishedBefore[j.hash] = j.finishedAt + "|" + j.startedAt;
    }
  }
  ASSERT_GE(finishedBefore.size(), 3u);
  ASSERT_LT(finishedBefore.size(), 12u);

  ASSERT_EQ(runToEnd(sweepPath, db), 0);
  const std::string fresh = (dir / "fresh.db").string();
  ASSERT_EQ(runToEnd(sweepPath, fresh), 0);

  RunStore resumed(db), uninterrupted(fresh);
  const auto jobs = resumed.jobs();
  ASSERT_EQ(jobs.size(), 12u);
  for (const auto& j : jobs) {
    EXPECT_EQ(j.status, JobStatus::Done) << j.hash;
    if (finishedBefore.count(j.hash)) {
      EXPECT_EQ(finishedBefore[j.hash], j.finishedAt + "|" + j.startedAt)
          << "job " << j.hash << " was retrained";
    }
    auto other = uninterrupted.job(j.hash);
    ASSERT_TRUE(other.has_value());
    EXPECT_EQ(other->finalAcc, j.finalAcc) << j.hash;
    EXPECT_EQ(other->bestAcc, j.bestAcc) << j.hash;
  }
}

TEST(ResumeTest, TwoProcessesOnOneStoreTrainEveryJobOnce) {
  auto dir = test::tempDir("two-processes");
  nlohmann::json sweep = test::tinySweepJson();
  sweep["seeds"] = {0, 1, 2, 3};  // 12 jobs
  const std::string sweepPath = test::writeJson(dir / "sweep.json", sweep);
  const std::string db = (dir / "shared.db").string();
  const std::string logA = (dir / "a.log").string(), logB = (dir / "b.log").string();

  // Started together.
  const pid_t a = spawnLogged(sweepPath, db, logA);
  const pid_t b = spawnLogged(sweepPath, db, logB);
  ASSERT_EQ(waitExit(a), 0);
  ASSERT_EQ(waitExit(b), 0);
  const auto [trainedA, elsewhereA] = trainedAndElsewhere(logA);
  const auto [trainedB, elsewhereB] = trainedAndElsewhere(logB);
  EXPECT_EQ(trainedA + trainedB, 12) << "a job was trained twice or not at all";
  RunStore store(db);
  for (const auto& j : store.jobs()) EXPECT_EQ(j.status, JobStatus::Done) << j.hash;
  EXPECT_EQ(store.sweeps().size(), 1u);
  EXPECT_EQ(store.sweepRuns().size(), 2u);
}

TEST(ResumeTest, ASecondRunInterruptedMidSweepDowngradesNothing) {
  auto dir = test::tempDir("staggered");
  nlohmann::json sweep = test::tinySweepJson();
  sweep["seeds"] = {0, 1, 2, 3};
  const std::string sweepPath = test::writeJson(dir / "sweep.json", sweep);
  const std::string db = (dir / "shared.db").string();
  const std::string logA = (dir / "a.log").string(), logB = (dir / "b.log").string();

  const pid_t a = spawnLogged(sweepPath, db, logA);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (countDone(db) < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::set<std::string> doneEarly;
  {
    RunStore store(db);
    for (const auto& j : store.jobs()) {
      if (j.status == JobStatus::Done) doneEarly.insert(j.hash);
    }
  }
  // A second run joins, trains a little, and is interrupted (Ctrl-C).
  const pid_t b = spawnLogged(sweepPath, db, logB);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  kill(b, SIGINT);
  const int exitB = waitExit(b);
  EXPECT_TRUE(exitB == 130 || exitB == 0) << exitB;
  {
    RunStore store(db);
    for (const auto& h : doneEarly) EXPECT_EQ(store.job(h)->status, JobStatus::Done) << h;
  }
  ASSERT_EQ(waitExit(a), 0);
  RunStore store(db);
  for (const auto& j : store.jobs()) EXPECT_EQ(j.status, JobStatus::Done) << j.hash;
  const auto [trainedA, elsewhereA] = trainedAndElsewhere(logA);
  EXPECT_EQ(trainedA + elsewhereA, 12);
}

}  // namespace
}  // namespace w2s
