#pragma once
// Splitting a planned sweep for many machines (w2s run --level K --shard I/N): the job graph in
// levels, and a level's jobs in balanced shards.
#include <cstdint>
#include <string>
#include <vector>

#include "core/sweep/Plan.h"

namespace w2s {

/// Level of every job of `plan` (same order as plan.jobs): 0 for jobs without prerequisites
/// (weak models, ceilings, pretraining), else one more than the highest level of its deps.
std::vector<int> jobLevels(const Plan& plan);

/// Relative training cost of a job: its parameter count (labels "params") times its epochs
/// (pretrain jobs: their steps); at least 1.
double estimatedCost(const Job& job);

/// The hashes of level `level`'s jobs that shard `shard` of `shards` trains: the level's jobs,
/// most costly first (ties by hash), each given to the shard with the least cost so far (ties to
/// the lowest shard). The same plan always gives the same partition, and every job of the level
/// is in exactly one shard. Throws SpecError for shard outside [0, shards) or shards < 1.
std::vector<std::string> shardJobs(const Plan& plan, int level, int shard, int shards);

/// Parses "I/N" (1-based I, as Slurm's array indices are usually written: 1/4 … 4/4) into a
/// 0-based shard and a count; throws SpecError naming `what` otherwise.
std::pair<int, int> parseShard(const std::string& text, const std::string& what);

}  // namespace w2s
