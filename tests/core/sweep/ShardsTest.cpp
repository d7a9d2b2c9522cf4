#include "core/sweep/Shards.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "core/cli/Cli.h"
#include "core/store/RunStore.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

namespace fs = std::filesystem;

std::string sweepFile(const std::string& name) {
  return std::string(W2S_SOURCE_RESOURCE_DIR) + "/sweeps/" + name;
}

Plan planOf(const std::string& name) { return planSweep(SweepSpec::fromFile(sweepFile(name))); }

TEST(Shards, LevelsPutEveryJobAfterItsPrerequisites) {
  // Bootstrap chains make students of students: more than two levels.
  const Plan plan = planOf("methods-synthetic.json");
  const std::vector<int> levels = jobLevels(plan);
  ASSERT_EQ(levels.size(), plan.jobs.size());
  std::map<std::string, int> level;
  for (size_t i = 0; i < plan.jobs.size(); ++i) level[plan.jobs[i].hash] = levels[i];
  int top = 0;
  for (size_t i = 0; i < plan.jobs.size(); ++i) {
    const Job& j = plan.jobs[i];
    if (j.deps.empty()) {
      EXPECT_EQ(levels[i], 0) << j.hash;
    }
    int expected = 0;
    for (const auto& d : j.deps) expected = std::max(expected, level.at(d) + 1);
    EXPECT_EQ(levels[i], expected) << j.hash;
    top = std::max(top, levels[i]);
  }
  EXPECT_GE(top, 2);
}

TEST(Shards, EveryJobOfALevelIsInExactlyOneShardAndTheLoadIsBalanced) {
  const Plan plan = planOf("synthetic-small.json");
  const std::vector<int> levels = jobLevels(plan);
  for (int level : {0, 1}) {
    for (int shards : {1, 3, 4}) {
      SCOPED_TRACE("level " + std::to_string(level) + ", " + std::to_string(shards) + " shards");
      std::multiset<std::string> seen;
      std::vector<double> load;
      double biggest = 0.0;
      for (int s = 0; s < shards; ++s) {
        const auto mine = shardJobs(plan, level, s, shards);
        EXPECT_EQ(mine, shardJobs(plan, level, s, shards));  // deterministic
        double cost = 0.0;
        for (const auto& h : mine) {
          seen.insert(h);
          cost += estimatedCost(*plan.find(h));
          biggest = std::max(biggest, estimatedCost(*plan.find(h)));
        }
        load.push_back(cost);
      }
      std::multiset<std::string> expected;
      for (size_t i = 0; i < plan.jobs.size(); ++i) {
        if (levels[i] == level) expected.insert(plan.jobs[i].hash);
      }
      EXPECT_EQ(seen, expected);
      // Greedy by decreasing cost: no shard exceeds another by more than the costliest job.
      const auto [lo, hi] = std::minmax_element(load.begin(), load.end());
      EXPECT_LE(*hi - *lo, biggest);
    }
  }
  EXPECT_THROW(shardJobs(plan, 0, 4, 4), SpecError);
  EXPECT_THROW(shardJobs(plan, 0, 0, 0), SpecError);
}

TEST(Shards, ParsesOneBasedShardNumbers) {
  EXPECT_EQ(parseShard("1/4", "--shard"), (std::pair<int, int>{0, 4}));
  EXPECT_EQ(parseShard("4/4", "--shard"), (std::pair<int, int>{3, 4}));
  for (const char* bad : {"0/4", "5/4", "4", "a/b", "-1/2", "1/", "/3", "1/99999999"}) {
    try {
      parseShard(bad, "--shard");
      ADD_FAILURE() << bad;
    } catch (const SpecError& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("got \"") + bad + "\""), std::string::npos)
          << e.what();
    }
  }
}

// The cluster flow on one machine: each level in shards, each shard its own store, merged
// between levels; the merged store must report exactly what one uninterrupted run reports.
TEST(Shards, ShardedLevelsMergedReportExactlyAsOneRun) {
  const fs::path dir = fs::temp_directory_path() / "w2s_shards_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string sweep = sweepFile("synthetic-small.json");
  auto cli = [](const std::vector<std::string>& args) {
    std::ostringstream out, err;
    const int rc = runCli(args, out, err);
    EXPECT_EQ(rc, 0) << err.str();
    return out.str();
  };
  auto db = [&](const std::string& name) { return (dir / name).string(); };
  cli({"run", sweep, "--db", db("one.db"), "--jobs", "2", "--threads", "1", "--quiet"});

  for (int level : {0, 1}) {
    std::vector<std::string> merge = {"merge", db("merged.db")};
    for (int shard = 1; shard <= 2; ++shard) {
      const std::string store = db("l" + std::to_string(level) + "s" + std::to_string(shard) + ".db");
      std::vector<std::string> run = {"run",    sweep,        "--db", store,
                                      "--level", std::to_string(level), "--shard",
                                      std::to_string(shard) + "/2", "--threads", "1", "--quiet"};
      if (level > 0) {
        run.push_back("--inputs");
        run.push_back(db("merged.db"));
      }
      const std::string out = cli(run);
      EXPECT_NE(out.find("left to other runs"), std::string::npos) << out;
      merge.push_back(store);
    }
    cli(merge);
  }
  RunStore merged(db("merged.db"), RunStore::OpenMode::ReadOnly);
  for (const JobRecord& j : merged.jobs()) EXPECT_EQ(j.status, JobStatus::Done) << j.hash;
  auto report = [&](const std::string& store) {
    return cli({"report", "--db", store, "--format", "csv"});
  };
  EXPECT_EQ(report(db("merged.db")), report(db("one.db")));
  fs::remove_all(dir);
}

TEST(Shards, AShardWithoutItsInputsSkipsWhatItCannotTrain) {
  const fs::path dir = fs::temp_directory_path() / "w2s_shards_noinputs";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ostringstream out, err;
  const int rc = runCli({"run", sweepFile("synthetic-small.json"), "--db", (dir / "s.db").string(),
                         "--level", "1", "--quiet"},
                        out, err);
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.str().find("0 trained"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("left to other runs"), std::string::npos) << out.str();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace w2s
