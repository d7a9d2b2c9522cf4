#pragma once
// A sweep turned into a graph of content-hashed jobs.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/job/JobKind.h"
#include "core/sweep/SweepSpec.h"

namespace w2s {

/// One unit of training. `config` is self-contained: executing a job needs only it (and the
/// stored results of its deps). Its content hash is `hash`.
/// config fields: kind, task (TaskSpec json), model (ModelSpec json), train (TrainConfig json),
///   seed, data_seed; weak: view (ViewSpec json); student: loss (LossSpec json), weak (hash of
///   the supervisor job); a job of a pretrained size: pretrain (hash of its pretrain job).
///   pretrain jobs: kind, task, model (backbone fields only), pretrain (PretrainConfig json).
///   Display-only labels live in `labels`, outside the hash.
struct Job {
  std::string hash;
  JobKind kind = JobKind::Weak;
  nlohmann::json config;
  std::vector<std::string> deps;  ///< hashes that must finish first (student -> weak, pretrain)
  /// Display labels, not hashed: size names (weak_size, strong_size), view, loss, seed, task.
  nlohmann::json labels;
};

struct Plan {
  std::vector<Job> jobs;  ///< deduplicated, dependencies before dependents
  size_t count(JobKind k) const;
  const Job* find(const std::string& hash) const;
};

/// Plans a sweep: one weak job per (size, view, seed), one ceiling per (strong size, seed), one
/// student per (weak size, view, strong size, loss, seed) for the pairs the sweep selects.
/// Parameter counts order sizes for the pair rule.
Plan planSweep(const SweepSpec& spec);

/// Hash of a job config (what planSweep puts in Job::hash).
std::string jobHash(const nlohmann::json& config);

/// Resolves train.drop_last of a job config in place (every planned job passes through it before
/// hashing): an explicit value is kept, unset means on for a logconf student and off otherwise;
/// the result is written only when on.
void resolveDropLast(nlohmann::json& config);

}  // namespace w2s
