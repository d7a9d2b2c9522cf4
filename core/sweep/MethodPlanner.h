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

/// A method beyond the plain weak x strong cross, registered once (MethodPlanner.cpp): its
/// sweep field, what it plans, whether a sweep turns it on and its planner. The sweep parser's
/// known fields, planMethodJobs and `w2s methods` read the table.
struct MethodInfo {
  std::string key;      ///< the sweep field, e.g. "bootstrap"
  std::string summary;  ///< one line: what it adds to the plan
  std::function<bool(const MethodOptions&)> enabled;
  /// Plans its jobs through the hooks; empty for a method that only changes every student's
  /// config (early_stop: addStudentMethodFields).
  std::function<void(const SweepSpec&, const PlanHooks&)> plan;
};

/// Every method, in the order planMethodJobs plans them.
const std::vector<MethodInfo>& methodRegistry();

/// The registry as a Markdown table (docs/sweep-format.md holds it; `w2s methods --markdown`).
std::string methodTableMarkdown();

/// Plans the jobs of every method the sweep turns on, in registry order.
void planMethodJobs(const SweepSpec& spec, const PlanHooks& hooks);

/// One direct student of the cross: a pair the sweep's rule selects, a view, a loss, a seed.
struct StudentCell {
  const std::string& weak;
  const std::string& strong;
  const ViewSpec& view;
  const LossSpec& loss;
  uint64_t seed;
};

/// Calls `fn` for every student cell in plan order (weak, strong, view, loss, seed); pairs are
/// chosen by the sweep's pair rule on the sizes' parameter counts `params`. The planner and the
/// methods built on the direct students (student iterations, probe combinations) iterate here.
void forEachStudentCell(const SweepSpec& spec, const std::map<std::string, int64_t>& params,
                        const std::function<void(const StudentCell&)>& fn);

/// The sweep's pair rule ("weak<=strong", "weak<strong", "all") on parameter counts.
bool pairSelectedBy(const std::string& rule, int64_t weakParams, int64_t strongParams);

/// The chain of student sizes from `weak` to every larger strong size: the strong sizes with more
/// parameters than `weak`, by parameter count (one size per count, the first listed).
std::vector<std::string> bootstrapChain(const SweepSpec& spec,
                                        const std::map<std::string, int64_t>& params,
                                        const std::string& weak);

}  // namespace w2s
