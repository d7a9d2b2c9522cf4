#pragma once
// Planning of the method jobs (bootstrapping chains, synthetic label sources) on top of the
// plain weak x strong cross; planSweep calls these.
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/job/JobLabels.h"
#include "core/sweep/Plan.h"

namespace w2s {

/// What planSweep lends the method planner: its job builder and the jobs already planned.
struct PlanHooks {
  /// Adds a job (deduplicated by hash) and returns its hash.
  std::function<std::string(JobKind, nlohmann::json config, const JobLabels& labels,
                            std::vector<std::string> deps)>
      add;
  /// kind, task, model, train (with per_size), seed and data_seed of a job training `size`.
  std::function<nlohmann::json(JobKind, const std::string& size, uint64_t seed)> base;
  std::map<std::string, int64_t> params;  ///< parameter count per ladder size
  std::string taskLabel;
  /// Hash of the weak job (size, view name, seed) and of the ceiling (size, seed).
  std::function<std::string(const std::string&, const std::string&, uint64_t)> weak;
  std::function<std::string(const std::string&, uint64_t)> ceiling;
};

/// The labels of a student of `weak` (a supervisor size, or a label source's name) trained at
/// `strong`: the same for direct students and every method's.
JobLabels studentLabels(const std::string& task, const std::string& weak, int64_t weakParams,
                        const std::string& strong, int64_t strongParams, const std::string& view,
                        const LossSpec& loss, uint64_t seed, const std::string& ceiling);

/// Adds the method fields every student's config carries (early_stop) to `config`.
void addStudentMethodFields(const SweepSpec& spec, nlohmann::json& config);

/// Plans the bootstrapping chains and the label-source supervisors and their students.
void planMethodJobs(const SweepSpec& spec, const PlanHooks& hooks);

/// The sweep's pair rule ("weak<=strong", "weak<strong", "all") on parameter counts.
bool pairSelectedBy(const std::string& rule, int64_t weakParams, int64_t strongParams);

/// The chain of student sizes from `weak` to every larger strong size: the strong sizes with more
/// parameters than `weak`, by parameter count (one size per count, the first listed).
std::vector<std::string> bootstrapChain(const SweepSpec& spec,
                                        const std::map<std::string, int64_t>& params,
                                        const std::string& weak);

}  // namespace w2s
