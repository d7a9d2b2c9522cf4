#include "core/sweep/MethodPlanner.h"

#include <algorithm>

namespace w2s {

using json = nlohmann::json;

void addStudentMethodFields(const SweepSpec& spec, json& config) {
  if (spec.methods.earlyStopValFrac > 0) {
    config["early_stop"] = {{"val_frac", spec.methods.earlyStopValFrac}};
  }
}

std::vector<std::string> bootstrapChain(const SweepSpec& spec,
                                        const std::map<std::string, int64_t>& params,
                                        const std::string& weak) {
  std::vector<std::string> sizes;
  for (const auto& s : spec.strongSizes) {
    if (params.at(s) > params.at(weak)) sizes.push_back(s);
  }
  std::stable_sort(sizes.begin(), sizes.end(),
                   [&params](const std::string& a, const std::string& b) {
                     return params.at(a) < params.at(b);
                   });
  // Each step must be larger than the one before: of equal counts the first listed stays.
  sizes.erase(std::unique(sizes.begin(), sizes.end(),
                          [&params](const std::string& a, const std::string& b) {
                            return params.at(a) == params.at(b);
                          }),
              sizes.end());
  return sizes;
}

JobLabels studentLabels(const std::string& task, const std::string& weak, int64_t weakParams,
                        const std::string& strong, int64_t strongParams, const std::string& view,
                        const LossSpec& loss, uint64_t seed, const std::string& ceiling) {
  JobLabels l;
  l.task = task;
  l.weakSize = weak;
  l.strongSize = strong;
  l.view = view;
  l.loss = loss.label();
  l.seed = seed;
  l.ceiling = ceiling;
  l.params = l.strongParams = strongParams;
  l.weakParams = weakParams;
  return l;
}

bool pairSelectedBy(const std::string& rule, int64_t weakParams, int64_t strongParams) {
  if (rule == "all") return true;
  if (rule == "weak<strong") return weakParams < strongParams;
  return weakParams <= strongParams;
}

void forEachStudentCell(const SweepSpec& spec, const std::map<std::string, int64_t>& params,
                        const std::function<void(const StudentCell&)>& fn) {
  for (const auto& weak : spec.weakSizes) {
    for (const auto& strong : spec.strongSizes) {
      if (!pairSelectedBy(spec.pairs, params.at(weak), params.at(strong))) continue;
      for (const auto& view : spec.views) {
        for (const auto& loss : spec.losses) {
          for (uint64_t seed : spec.seeds) fn({weak, strong, view, loss, seed});
        }
      }
    }
  }
}

namespace {

JobLabels studentLabels(const PlanHooks& h, const std::string& weakLabel, int64_t weakParams,
                        const std::string& strong, const std::string& view, const LossSpec& loss,
                        uint64_t seed) {
  return studentLabels(h.taskLabel, weakLabel, weakParams, strong, h.params.at(strong), view, loss,
                       seed, h.ceiling(strong, seed));
}

// weak -> M1 -> ... -> M_k for every (weak size, view, loss, seed). Every step stores its labels
// on half B (emit_labels, hashed: such a job's result differs from a plain student's), so chains
// to larger students share their prefixes.
void planBootstrap(const SweepSpec& spec, const PlanHooks& h) {
  for (const auto& weak : spec.weakSizes) {
    const std::vector<std::string> chain = bootstrapChain(spec, h.params, weak);
    if (chain.size() < 2) continue;  // one step is the direct student
    for (const auto& view : spec.views) {
      for (const auto& loss : spec.losses) {
        for (uint64_t seed : spec.seeds) {
          const std::string root = h.weak(weak, view.name, seed);
          std::string supervisor = root;
          std::string supervisorSize = weak;
          for (size_t k = 0; k < chain.size(); ++k) {
            json config = h.base(JobKind::Student, chain[k], seed);
            config["loss"] = loss.toJson();
            config["weak"] = supervisor;
            config["emit_labels"] = true;
            addStudentMethodFields(spec, config);
            JobLabels labels =
                studentLabels(h, weak, h.params.at(weak), chain[k], view.name, loss, seed);
            labels.method = "bootstrap";
            labels.rootWeak = root;
            labels.chainSteps = static_cast<int>(k + 1);
            labels.supervisorSize = supervisorSize;
            supervisor = h.add(JobKind::Student, std::move(config), labels, {supervisor});
            supervisorSize = chain[k];
          }
        }
      }
    }
  }
}

// Student-to-student iterations: per selected pair, strong students in a row of the same size,
// step k trained on step k-1's labels on half B (step 1 on the weak model's). Each step is a
// method of its own ("s2s-k") so the report keeps the iterations apart.
void planStudentIterations(const SweepSpec& spec, const PlanHooks& h) {
  forEachStudentCell(spec, h.params, [&](const StudentCell& c) {
    const std::string root = h.weak(c.weak, c.view.name, c.seed);
    std::string supervisor = root;
    for (int k = 1; k <= spec.methods.studentIterations; ++k) {
      json config = h.base(JobKind::Student, c.strong, c.seed);
      config["loss"] = c.loss.toJson();
      config["weak"] = supervisor;
      config["emit_labels"] = true;
      addStudentMethodFields(spec, config);
      JobLabels labels =
          studentLabels(h, c.weak, h.params.at(c.weak), c.strong, c.view.name, c.loss, c.seed);
      labels.method = "s2s-" + std::to_string(k);
      labels.rootWeak = root;
      labels.chainSteps = k;
      labels.supervisorSize = k == 1 ? c.weak : c.strong;
      supervisor = h.add(JobKind::Student, std::move(config), labels, {supervisor});
    }
  });
}

// A synthetic supervisor per (label source, seed), and its students for every strong size.
void planLabelSources(const SweepSpec& spec, const PlanHooks& h) {
  for (const auto& source : spec.methods.labelSources) {
    for (uint64_t seed : spec.seeds) {
      json config = {{"kind", "weak"},
                     {"task", spec.task.toJson()},
                     {"label_source", source.toJson()},
                     {"seed", seed},
                     {"data_seed", seed}};
      JobLabels labels;
      labels.task = h.taskLabel;
      labels.size = labels.weakSize = source.name;
      labels.view = labels.labelSource = source.type;
      labels.seed = seed;
      labels.params = 0;
      const std::string weakHash = h.add(JobKind::Weak, std::move(config), labels, {});
      for (const auto& strong : spec.strongSizes) {
        for (const auto& loss : spec.losses) {
          json sc = h.base(JobKind::Student, strong, seed);
          sc["loss"] = loss.toJson();
          sc["weak"] = weakHash;
          addStudentMethodFields(spec, sc);
          JobLabels sl = studentLabels(h, source.name, 0, strong, source.type, loss, seed);
          sl.labelSource = source.type;
          h.add(JobKind::Student, std::move(sc), sl, {weakHash});
        }
      }
    }
  }
}

// The probe/finetune combinations of paper Fig. 9 for every selected pair: ft(weak) is the direct
// student and ft(gt) the ceiling; added here are lp(weak) (the student trained head-only on the
// weak labels), ft(weak) then lp(gt) (the direct student's backbone, frozen, under a new head
// trained on ground truth) and lp(gt) (the ceiling trained head-only). lp = train.mode
// "linear_probe", ft = the sweep's own mode.
void planProbeCombos(const SweepSpec& spec, const PlanHooks& h) {
  for (const auto& strong : spec.strongSizes) {
    for (uint64_t seed : spec.seeds) {
      json config = h.base(JobKind::Ceiling, strong, seed);
      config["train"]["mode"] = "linear_probe";
      JobLabels labels;
      labels.task = h.taskLabel;
      labels.size = labels.strongSize = strong;
      labels.seed = seed;
      labels.params = h.params.at(strong);
      labels.method = "lp(gt)";
      h.add(JobKind::Ceiling, std::move(config), labels, {});
    }
  }
  forEachStudentCell(spec, h.params, [&](const StudentCell& c) {
    const std::string supervisor = h.weak(c.weak, c.view.name, c.seed);
    const JobLabels labels =
        studentLabels(h, c.weak, h.params.at(c.weak), c.strong, c.view.name, c.loss, c.seed);
    // The direct student, as planSweep planned it (same config: same hash).
    json ft = h.base(JobKind::Student, c.strong, c.seed);
    ft["loss"] = c.loss.toJson();
    ft["weak"] = supervisor;
    addStudentMethodFields(spec, ft);
    json lp = ft;
    ft["emit_backbone"] = true;
    const std::string ftHash = h.add(JobKind::Student, std::move(ft), labels, {supervisor});

    lp["train"]["mode"] = "linear_probe";
    JobLabels lpLabels = labels;
    lpLabels.method = "lp(weak)";
    h.add(JobKind::Student, std::move(lp), lpLabels, {supervisor});

    json re = h.base(JobKind::Ceiling, c.strong, c.seed);
    re["train"]["mode"] = "linear_probe";
    re["init_from"] = ftHash;
    JobLabels reLabels;
    reLabels.task = h.taskLabel;
    reLabels.size = reLabels.strongSize = c.strong;
    reLabels.weakSize = c.weak;
    reLabels.view = c.view.name;
    reLabels.loss = c.loss.label();
    reLabels.seed = c.seed;
    reLabels.params = h.params.at(c.strong);
    reLabels.method = "ft(weak)+lp(gt)";
    reLabels.student = ftHash;
    h.add(JobKind::Ceiling, std::move(re), reLabels, {ftHash});
  });
}

}  // namespace

const std::vector<MethodInfo>& methodRegistry() {
  static const std::vector<MethodInfo> methods = {
      {"early_stop",
       "students hold out a fraction of half B with its weak labels and record agreement with "
       "them at every evaluation",
       [](const MethodOptions& m) { return m.earlyStopValFrac > 0; }, nullptr},
      {"bootstrap",
       "chains weak -> M1 -> ... -> strong through the strong sizes between, each step trained "
       "on the one before's labels",
       [](const MethodOptions& m) { return m.bootstrap; }, planBootstrap},
      {"label_sources",
       "synthetic supervisors of a chosen accuracy and error structure, each with students of "
       "every strong size",
       [](const MethodOptions& m) { return !m.labelSources.empty(); }, planLabelSources},
      {"student_iterations",
       "per pair, N students of the strong size in a row, each trained on the labels of the one "
       "before",
       [](const MethodOptions& m) { return m.studentIterations > 0; }, planStudentIterations},
      {"probe_combos",
       "lp(weak), ft(weak) then lp(gt) per pair and lp(gt) per strong size (paper Fig. 9)",
       [](const MethodOptions& m) { return m.probeCombos; }, planProbeCombos},
  };
  return methods;
}

std::string methodTableMarkdown() {
  std::string s = "| field | what it adds to the plan |\n|---|---|\n";
  for (const MethodInfo& m : methodRegistry()) s += "| `" + m.key + "` | " + m.summary + " |\n";
  return s;
}

void planMethodJobs(const SweepSpec& spec, const PlanHooks& hooks) {
  for (const MethodInfo& m : methodRegistry()) {
    if (m.plan && m.enabled(spec.methods)) m.plan(spec, hooks);
  }
}

}  // namespace w2s
