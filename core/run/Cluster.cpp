#include "core/run/Cluster.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <sstream>

#include "core/store/RunStore.h"
#include "core/sweep/Shards.h"
#include "core/sweep/SweepSpec.h"
#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/JsonText.h"
#include "core/util/Paths.h"

namespace w2s {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// A word for bash: single-quoted, with embedded single quotes closed and escaped.
std::string shellWord(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void writeScript(const std::string& path, const std::string& text) {
  writeFileAtomically(path, text);
  ::chmod(path.c_str(), 0755);
}

std::string levelScript(const ClusterLayout& l, const ClusterLevel& level) {
  const SlurmOptions& o = l.options;
  const std::string k = std::to_string(level.level);
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "#SBATCH --job-name=w2s-" << k << "\n"
    << "#SBATCH --array=1-" << level.shards << "\n"
    << "#SBATCH --output=" << o.outDir << "/logs/level-" << k << "-%a.out\n"
    << "#SBATCH --cpus-per-task=" << o.cpusPerTask << "\n";
  if (!o.partition.empty()) s << "#SBATCH --partition=" << o.partition << "\n";
  if (!o.time.empty()) s << "#SBATCH --time=" << o.time << "\n";
  if (!o.mem.empty()) s << "#SBATCH --mem=" << o.mem << "\n";
  if (!o.account.empty()) s << "#SBATCH --account=" << o.account << "\n";
  if (o.gpus > 0) s << "#SBATCH --gpus-per-task=" << o.gpus << "\n";
  s << "# Level " << k << " of sweep \"" << l.sweepName
    << "\" (w2s slurm): array task I trains shard\n"
    << "# I/" << level.shards << " of the level into its own store"
    << (level.level > 0 ? ", starting from the merged earlier levels" : "") << ".\n"
    << "set -eu\n"
    << "exec " << shellWord(o.w2s) << " run " << shellWord(o.sweep) << " \\\n"
    << "  --db " << shellWord(o.outDir + "/shards/level-" + k + "-")
    << "\"${SLURM_ARRAY_TASK_ID}\"'.db' \\\n"
    << "  --level " << k << " --shard \"${SLURM_ARRAY_TASK_ID}/" << level.shards << "\" --threads "
    << o.cpusPerTask << (o.gpus > 0 ? " --device cuda" : " --device cpu") << " --quiet";
  if (level.level > 0) s << " \\\n  --inputs " << shellWord(l.mergedDb());
  s << "\n";
  return s.str();
}

std::string mergeScript(const ClusterLayout& l, const ClusterLevel& level, bool last) {
  const SlurmOptions& o = l.options;
  const std::string k = std::to_string(level.level);
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "#SBATCH --job-name=w2s-merge-" << k << "\n"
    << "#SBATCH --output=" << o.outDir << "/logs/merge-" << k << ".out\n"
    << "#SBATCH --cpus-per-task=1\n";
  if (!o.partition.empty()) s << "#SBATCH --partition=" << o.partition << "\n";
  if (!o.time.empty()) s << "#SBATCH --time=" << o.time << "\n";
  if (!o.account.empty()) s << "#SBATCH --account=" << o.account << "\n";
  s << "# Merges level " << k << "'s shard stores into " << l.mergedDb() << " (w2s slurm).\n"
    << "set -eu\n"
    << shellWord(o.w2s) << " merge " << shellWord(l.mergedDb());
  for (int i = 1; i <= level.shards; ++i) s << " \\\n  " << shellWord(l.shardDb(level.level, i));
  s << "\n";
  if (last && !o.finalDb.empty()) {
    s << shellWord(o.w2s) << " merge " << shellWord(o.finalDb) << " " << shellWord(l.mergedDb())
      << "\n";
  }
  return s.str();
}

/// What a (re)submission sends for one level: the array tasks to run (all, some or none) and
/// whether the level's merge job runs.
struct LevelSubmission {
  std::vector<int> tasks;  ///< 1-based array indices
  bool merge = true;
};

/// submit.sh / resume.sh: each level's array tasks, then its merge, each after the one before.
std::string chainScript(const ClusterLayout& l, const std::vector<LevelSubmission>& levels,
                        const std::string& what) {
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "# " << what << " sweep \"" << l.sweepName << "\" (w2s slurm): each level's array, then\n"
    << "# its merge, each after the one before (--dependency=afterok). Prints the job ids.\n"
    << "set -euo pipefail\n"
    << "cd " << shellWord(l.options.outDir) << "\n"
    << "dep=()\n"
    << "submit() { local id; id=$(sbatch --parsable \"${dep[@]}\" \"$@\"); echo \"${id%%;*}\"; }\n";
  int submitted = 0;
  for (size_t i = 0; i < l.levels.size(); ++i) {
    const LevelSubmission& sub = levels[i];
    const ClusterLevel& level = l.levels[i];
    const std::string k = std::to_string(level.level);
    if (!sub.tasks.empty()) {
      std::string array;
      if (static_cast<int>(sub.tasks.size()) != level.shards) {
        for (int t : sub.tasks) array += (array.empty() ? "" : ",") + std::to_string(t);
        array = "--array=" + array + " ";
      }
      s << "id=$(submit " << array << "level-" << k << ".sbatch)\n"
        << "echo \"level " << k << ": job $id (" << sub.tasks.size() << " of " << level.shards
        << " tasks)\"\n"
        << "dep=(--dependency=afterok:$id)\n";
      ++submitted;
    }
    if (sub.merge) {
      s << "id=$(submit merge-" << k << ".sbatch)\n"
        << "echo \"merge " << k << ": job $id\"\n"
        << "dep=(--dependency=afterok:$id)\n";
      ++submitted;
    }
  }
  if (submitted == 0) s << "echo \"nothing to submit: every job is in " << l.mergedDb() << "\"\n";
  return s.str();
}

/// Of `jobs`, how many `store` holds done (0 without a store).
int doneIn(const RunStore* store, const std::vector<std::string>& jobs) {
  if (!store) return 0;
  return static_cast<int>(
      std::count_if(jobs.begin(), jobs.end(), [&](const auto& h) { return store->isDone(h); }));
}

/// The store at `path` opened read-only, or null when there is no such file.
std::unique_ptr<RunStore> openIfExists(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return nullptr;
  return std::make_unique<RunStore>(path, RunStore::OpenMode::ReadOnly);
}

}  // namespace

json ClusterLayout::toJson() const {
  json levelsJson = json::array();
  for (const ClusterLevel& l : levels) {
    levelsJson.push_back({{"level", l.level}, {"shards", l.shardJobs}});
  }
  const SlurmOptions& o = options;
  return {{"w2s", o.w2s},
          {"sweep", o.sweep},
          {"sweep_name", sweepName},
          {"out", o.outDir},
          {"db", o.finalDb},
          {"array_size", o.arraySize},
          {"partition", o.partition},
          {"time", o.time},
          {"mem", o.mem},
          {"account", o.account},
          {"cpus_per_task", o.cpusPerTask},
          {"gpus", o.gpus},
          {"levels", levelsJson}};
}

ClusterLayout ClusterLayout::fromJson(const json& j, const std::string& source) {
  if (!j.is_object()) throw DataError(source + ": expected a JSON object");
  ClusterLayout l;
  auto text = [&](const char* key) {
    if (!j.contains(key) || !j.at(key).is_string()) {
      throw DataError(source + ": field \"" + key + "\": expected a string");
    }
    return j.at(key).get<std::string>();
  };
  auto integer = [&](const char* key, int min, int max) {
    if (!j.contains(key) || !j.at(key).is_number_integer() || j.at(key).get<int64_t>() < min ||
        j.at(key).get<int64_t>() > max) {
      throw DataError(source + ": field \"" + key + "\": expected an integer from " +
                      std::to_string(min) + " to " + std::to_string(max));
    }
    return j.at(key).get<int>();
  };
  SlurmOptions& o = l.options;
  o.w2s = text("w2s");
  o.sweep = text("sweep");
  l.sweepName = text("sweep_name");
  o.outDir = text("out");
  o.finalDb = text("db");
  o.arraySize = integer("array_size", 1, 100000);
  o.partition = text("partition");
  o.time = text("time");
  o.mem = text("mem");
  o.account = text("account");
  o.cpusPerTask = integer("cpus_per_task", 1, 1024);
  o.gpus = integer("gpus", 0, 64);
  if (!j.contains("levels") || !j.at("levels").is_array()) {
    throw DataError(source + ": field \"levels\": expected an array");
  }
  for (size_t i = 0; i < j.at("levels").size(); ++i) {
    const json& lv = j.at("levels").at(i);
    const std::string where = source + ": levels[" + std::to_string(i) + "]";
    ClusterLevel level;
    try {
      level.level = lv.at("level").get<int>();
      level.shardJobs = lv.at("shards").get<std::vector<std::vector<std::string>>>();
    } catch (const json::exception&) {
      throw DataError(where + ": expected {\"level\": integer, \"shards\": [[hash, ...], ...]}");
    }
    level.shards = static_cast<int>(level.shardJobs.size());
    l.levels.push_back(std::move(level));
  }
  return l;
}

ClusterLayout ClusterLayout::load(const std::string& outDir) {
  const std::string file = (fs::path(outDir) / "cluster.json").string();
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    throw DataError(file + ": not found; is " + outDir + " a folder written by w2s slurm?");
  }
  return fromJson(parseJsonText(readTextFile(file), file), file);
}

std::string ClusterLayout::mergedDb() const { return options.outDir + "/merged.db"; }

std::string ClusterLayout::shardDb(int level, int shard) const {
  return options.outDir + "/shards/level-" + std::to_string(level) + "-" + std::to_string(shard) +
         ".db";
}

ClusterLayout planCluster(const SlurmOptions& options) {
  const SweepSpec spec = SweepSpec::fromFile(options.sweep);
  const Plan plan = planSweep(spec);
  const std::vector<int> levels = jobLevels(plan);
  const int top = levels.empty() ? -1 : *std::max_element(levels.begin(), levels.end());
  ClusterLayout layout;
  layout.options = options;
  layout.sweepName = spec.name;
  for (int k = 0; k <= top; ++k) {
    const int jobs = static_cast<int>(std::count(levels.begin(), levels.end(), k));
    ClusterLevel level;
    level.level = k;
    level.shards = std::max(1, std::min(options.arraySize, jobs));
    for (int s = 0; s < level.shards; ++s) {
      level.shardJobs.push_back(shardJobs(plan, k, s, level.shards));
    }
    layout.levels.push_back(std::move(level));
  }
  return layout;
}

std::string writeSlurmSubmission(const ClusterLayout& layout) {
  const std::string dir = layout.options.outDir;
  fs::create_directories(fs::path(dir) / "shards");
  fs::create_directories(fs::path(dir) / "logs");
  writeFileAtomically(dir + "/cluster.json", layout.toJson().dump(2) + "\n");
  std::vector<LevelSubmission> all;
  for (size_t i = 0; i < layout.levels.size(); ++i) {
    const ClusterLevel& level = layout.levels[i];
    const std::string k = std::to_string(level.level);
    writeScript(dir + "/level-" + k + ".sbatch", levelScript(layout, level));
    writeScript(dir + "/merge-" + k + ".sbatch",
                mergeScript(layout, level, i + 1 == layout.levels.size()));
    LevelSubmission sub;
    for (int t = 1; t <= level.shards; ++t) sub.tasks.push_back(t);
    all.push_back(sub);
  }
  const std::string submit = dir + "/submit.sh";
  writeScript(submit, chainScript(layout, all, "Submits"));
  return submit;
}

std::pair<std::string, int> writeSlurmResume(const ClusterLayout& layout) {
  const auto merged = openIfExists(layout.mergedDb());
  std::vector<LevelSubmission> levels;
  int count = 0;
  for (const ClusterLevel& level : layout.levels) {
    // A task reruns when its jobs are neither merged nor all done in its own store; the level's
    // merge runs when anything of the level is not merged yet.
    LevelSubmission sub;
    sub.merge = false;
    for (int s = 0; s < level.shards; ++s) {
      const auto& jobs = level.shardJobs[static_cast<size_t>(s)];
      const int total = static_cast<int>(jobs.size());
      if (doneIn(merged.get(), jobs) == total) continue;
      sub.merge = true;
      const auto own = openIfExists(layout.shardDb(level.level, s + 1));
      if (doneIn(own.get(), jobs) < total) sub.tasks.push_back(s + 1);
    }
    count += static_cast<int>(sub.tasks.size());
    levels.push_back(std::move(sub));
  }
  const std::string path = layout.options.outDir + "/resume.sh";
  writeScript(path, chainScript(layout, levels, "Resubmits what is not merged of"));
  return {path, count};
}

std::vector<LevelProgress> clusterProgress(const ClusterLayout& layout) {
  const auto merged = openIfExists(layout.mergedDb());
  std::vector<LevelProgress> out;
  for (const ClusterLevel& level : layout.levels) {
    LevelProgress p;
    p.level = level.level;
    for (int s = 0; s < level.shards; ++s) {
      const auto& jobs = level.shardJobs[static_cast<size_t>(s)];
      p.jobs += static_cast<int>(jobs.size());
      p.shardJobs.push_back(static_cast<int>(jobs.size()));
      p.merged += doneIn(merged.get(), jobs);
      const auto own = openIfExists(layout.shardDb(level.level, s + 1));
      p.shardDone.push_back(own ? doneIn(own.get(), jobs) : -1);
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace w2s
