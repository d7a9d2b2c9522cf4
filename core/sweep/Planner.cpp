// planSweep: the sweep's cross product as content-hashed, deduplicated jobs.
#include <algorithm>
#include <map>
#include <tuple>

#include "core/models/Classifier.h"
#include "core/models/LadderJson.h"
#include "core/sweep/InputFiles.h"
#include "core/sweep/MethodPlanner.h"
#include "core/sweep/Plan.h"
#include "core/sweep/TaskShape.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"

namespace w2s {

using json = nlohmann::json;

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

std::string jobHash(const json& config) { return identityHash(config); }

void resolveDropLast(json& config) {
  if (!config.contains("train") || !config["train"].is_object()) return;
  json& train = config["train"];
  bool on = false;
  if (train.contains("drop_last")) {
    on = train["drop_last"].get<bool>();
  } else {
    const auto loss = config.find("loss");
    on = loss != config.end() && loss->is_object() && loss->value("name", "") == "logconf";
  }
  // Written only when on: jobs that keep the last batch hash as they did before the option.
  if (on) {
    train["drop_last"] = true;
  } else {
    train.erase("drop_last");
  }
}

namespace {

/// Appends jobs, keeping the first of any two with equal hashes (e.g. two identical views).
class PlanBuilder {
 public:
  std::string add(JobKind kind, json config, const JobLabels& labels,
                  std::vector<std::string> deps) {
    resolveDropLast(config);
    Job job;
    job.hash = jobHash(config);
    if (seen_.count(job.hash)) return job.hash;
    seen_.insert({job.hash, plan_.jobs.size()});
    job.kind = kind;
    job.config = std::move(config);
    job.labels = labels.toJson();
    job.deps = std::move(deps);
    plan_.jobs.push_back(std::move(job));
    return plan_.jobs.back().hash;
  }
  Plan take() { return std::move(plan_); }

 private:
  Plan plan_;
  std::map<std::string, size_t> seen_;
};

/// Parameter count of every ladder size, by name. Fails (naming the sweep file and field) when a
/// ladder member or a view cannot take the task's input, e.g. a CNN or an occlusion on flat
/// features: the task's shape is computed once, from its spec (only csv/jsonl tasks are read).
std::map<std::string, int64_t> ladderParams(const SweepSpec& spec) {
  const TaskShape shape = taskShape(spec.task);
  std::map<std::string, int64_t> params;
  for (size_t i = 0; i < spec.ladder.size(); ++i) {
    const ModelSpec& m = spec.ladder[i];
    try {
      params[m.name] = parameterCount(m, shape.inputShape, shape.numClasses, shape.vocabSize);
    } catch (const SpecError& e) {
      throw SpecError(spec.source + ": ladder[" + std::to_string(i) + "]: " + e.what());
    }
  }
  for (size_t i = 0; i < spec.views.size(); ++i) {
    const std::string& type = spec.views[i].type;
    const std::string field = spec.source + ": views[" + std::to_string(i) + "].type: expected ";
    if (shape.tokens && type != "none") {
      throw SpecError(field + "\"none\" (the task's inputs are token ids), got \"" + type + "\"");
    }
    if (shape.inputShape.size() != 3 && (type == "downsample" || type == "occlude")) {
      throw SpecError(field + "\"none\", \"noise\" or \"partial\" (the task's inputs are not " +
                      "images), got \"" + type + "\"");
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

/// Adds the pretrain jobs of the pretrained sizes among the weak and strong sizes; returns
/// size name -> pretrain job hash.
std::map<std::string, std::string> planPretrainJobs(const SweepSpec& spec, const json& task,
                                                    const std::string& taskLabel,
                                                    const std::map<std::string, int64_t>& params,
                                                    PlanBuilder& builder) {
  std::vector<std::string> sizes = spec.weakSizes;
  for (const auto& s : spec.strongSizes) {
    if (std::find(sizes.begin(), sizes.end(), s) == sizes.end()) sizes.push_back(s);
  }
  std::map<std::string, std::string> hashes;
  for (const auto& size : sizes) {
    const ModelSpec& m = spec.model(size);
    if (!m.pretrained) continue;
    // Pretraining reads the whole training split (unlabeled), whatever train_size picks for
    // the supervised jobs: sweeps that differ only in the sizes share the pretrained model.
    json pretrainTask = task;
    pretrainTask["train_size"] = 0;
    pretrainTask["test_size"] = 0;
    json config = {{"kind", toString(JobKind::Pretrain)},
                   {"task", pretrainTask},
                   {"model", backboneJson(m)},
                   {"pretrain", spec.pretrain.toJson()}};
    JobLabels labels;
    labels.task = taskLabel;
    labels.size = size;
    labels.params = params.at(size);
    hashes[size] = builder.add(JobKind::Pretrain, std::move(config), labels, {});
  }
  return hashes;
}

}  // namespace

Plan planSweep(const SweepSpec& given) {
  // Jobs name their input files by contents (a SHA-256 per file), so an edited file plans new
  // jobs instead of reusing results trained on the old contents.
  const SweepSpec spec = withInputDigests(given);
  const std::map<std::string, int64_t> params = ladderParams(spec);
  const json task = spec.task.toJson();
  const std::string taskLabel = spec.task.label();
  PlanBuilder builder;
  // One pretrain job per pretrained size the sweep trains; its hash holds no sweep seed, so
  // every seed and every sweep with the same task, backbone and settings shares it.
  const std::map<std::string, std::string> pretrainHash =
      planPretrainJobs(spec, task, taskLabel, params, builder);
  auto usePretrained = [&pretrainHash](const std::string& size, json& config,
                                       std::vector<std::string>& deps) {
    const auto it = pretrainHash.find(size);
    if (it == pretrainHash.end()) return;
    config["pretrain"] = it->second;
    deps.push_back(it->second);
  };

  std::map<std::tuple<std::string, std::string, uint64_t>, std::string> weakHash;
  for (const auto& size : spec.weakSizes) {
    for (const auto& view : spec.views) {
      for (uint64_t seed : spec.seeds) {
        json config = baseConfig(JobKind::Weak, task, spec.model(size), spec.trainFor(size), seed);
        config["view"] = view.toJson();
        JobLabels labels;
        labels.task = taskLabel;
        labels.size = labels.weakSize = size;
        labels.view = view.name;
        labels.seed = seed;
        labels.params = params.at(size);
        std::vector<std::string> deps;
        usePretrained(size, config, deps);
        weakHash[{size, view.name, seed}] =
            builder.add(JobKind::Weak, std::move(config), labels, std::move(deps));
      }
    }
  }

  std::map<std::pair<std::string, uint64_t>, std::string> ceilingHash;
  for (const auto& size : spec.strongSizes) {
    for (uint64_t seed : spec.seeds) {
      json config = baseConfig(JobKind::Ceiling, task, spec.model(size), spec.trainFor(size), seed);
      JobLabels labels;
      labels.task = taskLabel;
      labels.size = labels.strongSize = size;
      labels.seed = seed;
      labels.params = params.at(size);
      std::vector<std::string> deps;
      usePretrained(size, config, deps);
      ceilingHash[{size, seed}] =
          builder.add(JobKind::Ceiling, std::move(config), labels, std::move(deps));
    }
  }

  forEachStudentCell(spec, params, [&](const StudentCell& c) {
    const std::string& supervisor = weakHash.at({c.weak, c.view.name, c.seed});
    json config =
        baseConfig(JobKind::Student, task, spec.model(c.strong), spec.trainFor(c.strong), c.seed);
    config["loss"] = c.loss.toJson();
    config["weak"] = supervisor;
    addStudentMethodFields(spec, config);
    // ft(weak) then lp(gt) reads this student's backbone from the store.
    if (spec.methods.probeCombos) config["emit_backbone"] = true;
    const JobLabels labels =
        studentLabels(taskLabel, c.weak, params.at(c.weak), c.strong, params.at(c.strong),
                      c.view.name, c.loss, c.seed, ceilingHash.at({c.strong, c.seed}));
    std::vector<std::string> deps = {supervisor};
    usePretrained(c.strong, config, deps);
    builder.add(JobKind::Student, std::move(config), labels, std::move(deps));
  });
  PlanHooks hooks;
  hooks.add = [&builder](JobKind kind, json config, const JobLabels& labels,
                         std::vector<std::string> deps) {
    // A pretrained member's pretrain job (hooks.base links it) runs first.
    if (config.contains("pretrain")) deps.push_back(config.at("pretrain").get<std::string>());
    return builder.add(kind, std::move(config), labels, std::move(deps));
  };
  hooks.base = [&spec, &task, &usePretrained](JobKind kind, const std::string& size,
                                              uint64_t seed) {
    json config = baseConfig(kind, task, spec.model(size), spec.trainFor(size), seed);
    std::vector<std::string> unused;  // hooks.add adds the dependency
    usePretrained(size, config, unused);
    return config;
  };
  hooks.params = params;
  hooks.taskLabel = taskLabel;
  hooks.weak = [&weakHash](const std::string& size, const std::string& view, uint64_t seed) {
    return weakHash.at({size, view, seed});
  };
  hooks.ceiling = [&ceilingHash](const std::string& size, uint64_t seed) {
    return ceilingHash.at({size, seed});
  };
  planMethodJobs(spec, hooks);
  return builder.take();
}

}  // namespace w2s
