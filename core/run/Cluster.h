#pragma once
// A sweep as Slurm job arrays (w2s slurm, docs/cluster.md): one array per level of the job
// graph, each task a shard with its own store file, a merge job after each level, and a
// submit.sh that chains them. The layout is recorded in DIR/cluster.json so that --resume and
// `w2s status --cluster` know what each task was to train.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace w2s {

struct SlurmOptions {
  std::string w2s;         ///< absolute path of the w2s executable the tasks run
  std::string sweep;       ///< absolute path of the sweep file
  std::string outDir;      ///< absolute path of DIR
  std::string finalDb;     ///< --db: merged into this store at the end ("" = DIR/merged.db only)
  int arraySize = 4;       ///< shards per level (fewer when a level has fewer jobs)
  std::string partition, time, mem, account;
  int cpusPerTask = 1;
  int gpus = 0;            ///< per task; > 0 runs the tasks with --device cuda
};

/// One level of the layout.
struct ClusterLevel {
  int level = 0;
  int shards = 0;
  std::vector<std::vector<std::string>> shardJobs;  ///< job hashes per shard (shard i = task i+1)
};

struct ClusterLayout {
  SlurmOptions options;
  std::string sweepName;
  std::vector<ClusterLevel> levels;

  nlohmann::json toJson() const;
  /// Throws DataError naming `source` and the field when the file is not a layout.
  static ClusterLayout fromJson(const nlohmann::json& j, const std::string& source);
  /// DIR/cluster.json of a folder written by writeSlurmSubmission.
  static ClusterLayout load(const std::string& outDir);

  std::string mergedDb() const;                      ///< DIR/merged.db
  std::string shardDb(int level, int shard) const;   ///< DIR/shards/level-K-I.db (I 1-based)
};

/// Plans the sweep file and splits it into levels and shards.
ClusterLayout planCluster(const SlurmOptions& options);

/// Writes DIR/cluster.json, DIR/level-K.sbatch and DIR/merge-K.sbatch for every level, and
/// DIR/submit.sh (which submits them chained with --dependency=afterok and prints the job ids).
/// Creates DIR, DIR/shards and DIR/logs. Returns the path of submit.sh.
std::string writeSlurmSubmission(const ClusterLayout& layout);

/// For --resume: writes DIR/resume.sh, which resubmits only the array tasks whose jobs are not
/// all done in DIR/merged.db (each level's merge job after them), and returns its path with how
/// many tasks it resubmits; 0 tasks: everything is merged (resume.sh then does nothing).
std::pair<std::string, int> writeSlurmResume(const ClusterLayout& layout);

/// Per level: jobs, how many are done in the merged store, and per shard how many its own store
/// holds done (-1: the shard's store does not exist yet).
struct LevelProgress {
  int level = 0;
  int jobs = 0;
  int merged = 0;
  std::vector<int> shardDone;
  std::vector<int> shardJobs;
};
std::vector<LevelProgress> clusterProgress(const ClusterLayout& layout);

}  // namespace w2s
