#include "core/run/Cluster.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/cli/Cli.h"
#include "core/sweep/Shards.h"
#include "core/sweep/SweepSpec.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"

namespace w2s {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  explicit TempDir(const std::string& name) : path_(fs::temp_directory_path() / name) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

SlurmOptions options(const std::string& dir) {
  SlurmOptions o;
  o.w2s = W2S_CLI_PATH;
  o.sweep = std::string(W2S_SOURCE_RESOURCE_DIR) + "/sweeps/synthetic-small.json";
  o.outDir = dir + "/out";
  o.arraySize = 3;
  o.partition = "gpu";
  o.cpusPerTask = 2;
  return o;
}

TEST(Cluster, LayoutSplitsEachLevelIntoShardsThatCoverThePlan) {
  TempDir dir("w2s_cluster_layout");
  const SlurmOptions o = options(dir.str());
  const ClusterLayout layout = planCluster(o);
  const Plan plan = planSweep(SweepSpec::fromFile(o.sweep));
  ASSERT_EQ(layout.levels.size(), 2u);
  std::set<std::string> all;
  for (const ClusterLevel& l : layout.levels) {
    EXPECT_EQ(l.shards, 3);
    for (const auto& shard : l.shardJobs) {
      EXPECT_FALSE(shard.empty());
      for (const auto& h : shard) EXPECT_TRUE(all.insert(h).second) << h << " in two shards";
    }
  }
  EXPECT_EQ(all.size(), plan.jobs.size());

  // The recorded layout reads back as written.
  const ClusterLayout back = ClusterLayout::fromJson(layout.toJson(), "cluster.json");
  EXPECT_EQ(back.toJson(), layout.toJson());
  try {
    nlohmann::json broken = layout.toJson();
    broken["array_size"] = "four";
    ClusterLayout::fromJson(broken, "x/cluster.json");
    ADD_FAILURE();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("x/cluster.json: field \"array_size\""),
              std::string::npos)
        << e.what();
  }
}

TEST(Cluster, ScriptsRunEachShardIntoItsOwnStoreAndChainTheLevels) {
  TempDir dir("w2s_cluster_scripts");
  const ClusterLayout layout = planCluster(options(dir.str()));
  const std::string submit = writeSlurmSubmission(layout);
  const std::string out = layout.options.outDir;
  const std::string level1 = readTextFile(out + "/level-1.sbatch");
  EXPECT_NE(level1.find("#SBATCH --array=1-3\n"), std::string::npos) << level1;
  EXPECT_NE(level1.find("#SBATCH --partition=gpu\n"), std::string::npos);
  EXPECT_NE(level1.find("#SBATCH --cpus-per-task=2\n"), std::string::npos);
  EXPECT_NE(level1.find("--level 1 --shard \"${SLURM_ARRAY_TASK_ID}/3\" --threads 2"),
            std::string::npos)
      << level1;
  EXPECT_NE(level1.find("--inputs '" + out + "/merged.db'"), std::string::npos) << level1;
  EXPECT_EQ(readTextFile(out + "/level-0.sbatch").find("--inputs"), std::string::npos);
  const std::string merge0 = readTextFile(out + "/merge-0.sbatch");
  EXPECT_NE(merge0.find("merge '" + out + "/merged.db'"), std::string::npos) << merge0;
  EXPECT_NE(merge0.find("'" + out + "/shards/level-0-3.db'"), std::string::npos) << merge0;
  const std::string chain = readTextFile(submit);
  EXPECT_LT(chain.find("level-0.sbatch"), chain.find("merge-0.sbatch"));
  EXPECT_LT(chain.find("merge-0.sbatch"), chain.find("level-1.sbatch"));
  EXPECT_NE(chain.find("--dependency=afterok:$id"), std::string::npos);
}

TEST(Cluster, ResumeResubmitsOnlyWhatIsNeitherMergedNorDoneInItsShard) {
  TempDir dir("w2s_cluster_resume");
  const ClusterLayout layout = planCluster(options(dir.str()));
  writeSlurmSubmission(layout);
  // Nothing ran: every task.
  EXPECT_EQ(writeSlurmResume(layout).second, 6);

  // Level 0 ran in full and was merged; of level 1 only task 2 ran (its merge did not).
  auto cli = [](const std::vector<std::string>& args) {
    std::ostringstream out, err;
    EXPECT_EQ(runCli(args, out, err), 0) << err.str();
  };
  const std::string sweep = layout.options.sweep;
  std::vector<std::string> merge0 = {"merge", layout.mergedDb()};
  for (int t = 1; t <= 3; ++t) {
    cli({"run", sweep, "--db", layout.shardDb(0, t), "--level", "0", "--shard",
         std::to_string(t) + "/3", "--threads", "1", "--quiet"});
    merge0.push_back(layout.shardDb(0, t));
  }
  cli(merge0);
  cli({"run", sweep, "--db", layout.shardDb(1, 2), "--level", "1", "--shard", "2/3", "--inputs",
       layout.mergedDb(), "--threads", "1", "--quiet"});

  const auto [script, tasks] = writeSlurmResume(layout);
  EXPECT_EQ(tasks, 2);
  const std::string text = readTextFile(script);
  EXPECT_EQ(text.find("level-0.sbatch"), std::string::npos) << text;
  EXPECT_EQ(text.find("merge-0.sbatch"), std::string::npos) << text;
  EXPECT_NE(text.find("submit --array=1,3 level-1.sbatch"), std::string::npos) << text;
  EXPECT_NE(text.find("merge-1.sbatch"), std::string::npos) << text;

  const auto progress = clusterProgress(layout);
  ASSERT_EQ(progress.size(), 2u);
  EXPECT_EQ(progress[0].merged, progress[0].jobs);
  EXPECT_EQ(progress[1].merged, 0);
  EXPECT_EQ(progress[1].shardDone[0], -1);
  EXPECT_EQ(progress[1].shardDone[1], progress[1].shardJobs[1]);

  std::ostringstream out, err;
  EXPECT_EQ(runCli({"status", "--cluster", layout.options.outDir}, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("level 1: 0/" + std::to_string(progress[1].jobs) +
                           " merged; tasks: 1:not started 2:"),
            std::string::npos)
      << out.str();
}

TEST(Cluster, TheCommandRefusesShellCharactersInOptions) {
  TempDir dir("w2s_cluster_cli");
  std::ostringstream out, err;
  EXPECT_EQ(runCli({"slurm", std::string(W2S_SOURCE_RESOURCE_DIR) + "/sweeps/synthetic-small.json",
                    "--out", dir.str() + "/o", "--partition", "a b;rm"},
                   out, err),
            1);
  EXPECT_NE(err.str().find("holds a space, quote or shell character"), std::string::npos)
      << err.str();
  EXPECT_EQ(runCli({"slurm", "--resume", dir.str() + "/nothing"}, out, err), 1);
  EXPECT_NE(err.str().find("cluster.json: not found"), std::string::npos) << err.str();
}

}  // namespace
}  // namespace w2s
