// Kill a real `w2s run` process mid-sweep, run it again: nothing finished is retrained, and the
// results equal those of an uninterrupted run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/store/RunStore.h"
#include "tests/core/run/TinySweep.h"

namespace w2s {
namespace {

pid_t spawnRun(const std::string& sweep, const std::string& db) {
  pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stdout);
    execl(W2S_CLI_PATH, "w2s", "run", sweep.c_str(), "--db", db.c_str(), "--jobs", "1",
          "--threads", "1", "--device", "cpu", static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
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
    for (const auto& j : store.jobs()) n += j.status == "done";
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
      if (j.status == "done") finishedBefore[j.hash] = j.finishedAt + "|" + j.startedAt;
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
    EXPECT_EQ(j.status, "done") << j.hash;
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

}  // namespace
}  // namespace w2s
