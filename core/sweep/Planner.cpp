// planSweep: the sweep's cross product as content-hashed, deduplicated jobs.
#include <algorithm>
#include <map>
#include <tuple>

#include "core/models/Classifier.h"
#include "core/sweep/Plan.h"
#include "core/sweep/TaskShape.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"

namespace w2s {

using json = nlohmann::json;

const char* toString(JobKind k) {
  switch (k) {
    case JobKind::Weak:
      return "weak";
    case JobKind::Ceiling:
      return "ceiling";
    case JobKind::Student:
      return "student";
  }
  return "weak";
}

JobKind jobKindFromString(const std::string& s) {
  if (s == "weak") return JobKind::Weak;
  if (s == "ceiling") return JobKind::Ceiling;
  if (s == "student") return JobKind::Student;
  throw SpecError("job kind: expected \"weak\", \"ceiling\" or \"student\", got \"" + s + "\"");
}

size_t Plan::count(JobKind k) const {
  return static_cast<size_t>(
      std::count_if(jobs.begin(), jobs.end(), [k](const Job& j) { return j.kind == k; }));
}

const Job* Plan::find(const std::string& hash) const {
  for (const auto& j : jobs) {
    if (j.hash == hash) return &j;
  }
  return nullptr;
}

std::string jobHash(const json& config) { return contentHash(config); }

namespace {

/// Appends jobs, keeping the first of any two with equal hashes (e.g. two identical views).
class PlanBuilder {
 public:
  std::string add(JobKind kind, json config, json labels, std::vector<std::string> deps) {
    Job job;
    job.hash = jobHash(config);
    if (seen_.count(job.hash)) return job.hash;
    seen_.insert({job.hash, plan_.jobs.size()});
    job.kind = kind;
    job.config = std::move(config);
    job.labels = std::move(labels);
    job.deps = std::move(deps);
    plan_.jobs.push_back(std::move(job));
    return plan_.jobs.back().hash;
  }
  Plan take() { return std::move(plan_); }

 private:
  Plan plan_;
  std::map<std::string, size_t> seen_;
};

bool pairSelected(const std::string& rule, int64_t weakParams, int64_t strongParams) {
  if (rule == "all") return true;
  if (rule == "weak<strong") return weakParams < strongParams;
  return weakParams <= strongParams;  // "weak<=strong", the reference sweep
}

/// Parameter count of every ladder size, by name.
std::map<std::string, int64_t> ladderParams(const SweepSpec& spec) {
  const TaskShape shape = taskShape(spec.task);
  std::map<std::string, int64_t> params;
  for (const auto& m : spec.ladder) {
    try {
      params[m.name] = parameterCount(m, shape.inputShape, shape.numClasses);
    } catch (const SpecError& e) {
      throw SpecError("sweep \"" + spec.name + "\": ladder size \"" + m.name + "\": " + e.what());
    }
  }
  return params;
}

json baseConfig(JobKind kind, const json& task, const ModelSpec& model, const TrainConfig& train,
                uint64_t seed) {
  // data_seed picks the A/B halves; it equals the seed so a weak model, its students and the
  // ceiling of one seed share one split.
  return {{"kind", toString(kind)},  {"task", task}, {"model", model.toJson()},
          {"train", train.toJson()}, {"seed", seed}, {"data_seed", seed}};
}

}  // namespace

Plan planSweep(const SweepSpec& spec) {
  const std::map<std::string, int64_t> params = ladderParams(spec);
  const json task = spec.task.toJson();
  const std::string taskLabel = spec.task.label();
  PlanBuilder builder;

  std::map<std::tuple<std::string, std::string, uint64_t>, std::string> weakHash;
  for (const auto& size : spec.weakSizes) {
    for (const auto& view : spec.views) {
      for (uint64_t seed : spec.seeds) {
        json config = baseConfig(JobKind::Weak, task, spec.model(size), spec.trainFor(size), seed);
        config["view"] = view.toJson();
        json labels = {{"task", taskLabel}, {"size", size}, {"weak_size", size},
                       {"view", view.name}, {"seed", seed}, {"params", params.at(size)}};
        weakHash[{size, view.name, seed}] =
            builder.add(JobKind::Weak, std::move(config), std::move(labels), {});
      }
    }
  }

  std::map<std::pair<std::string, uint64_t>, std::string> ceilingHash;
  for (const auto& size : spec.strongSizes) {
    for (uint64_t seed : spec.seeds) {
      json config = baseConfig(JobKind::Ceiling, task, spec.model(size), spec.trainFor(size), seed);
      json labels = {{"task", taskLabel},
                     {"size", size},
                     {"strong_size", size},
                     {"seed", seed},
                     {"params", params.at(size)}};
      ceilingHash[{size, seed}] =
          builder.add(JobKind::Ceiling, std::move(config), std::move(labels), {});
    }
  }

  for (const auto& weak : spec.weakSizes) {
    for (const auto& strong : spec.strongSizes) {
      if (!pairSelected(spec.pairs, params.at(weak), params.at(strong))) continue;
      for (const auto& view : spec.views) {
        for (const auto& loss : spec.losses) {
          for (uint64_t seed : spec.seeds) {
            const std::string& supervisor = weakHash.at({weak, view.name, seed});
            json config =
                baseConfig(JobKind::Student, task, spec.model(strong), spec.trainFor(strong), seed);
            config["loss"] = loss.toJson();
            config["weak"] = supervisor;
            json labels = {{"task", taskLabel},
                           {"weak_size", weak},
                           {"strong_size", strong},
                           {"view", view.name},
                           {"loss", loss.label()},
                           {"seed", seed},
                           {"ceiling", ceilingHash.at({strong, seed})},
                           {"params", params.at(strong)},
                           {"weak_params", params.at(weak)},
                           {"strong_params", params.at(strong)}};
            builder.add(JobKind::Student, std::move(config), std::move(labels), {supervisor});
          }
        }
      }
    }
  }
  return builder.take();
}

}  // namespace w2s
