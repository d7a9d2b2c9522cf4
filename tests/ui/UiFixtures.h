#pragma once
// Small stores and sweeps for the window's tests: real plans from core, made-up results (no
// training) for the models, and tiny synthetic sweeps (seconds) for the controller.
#include <unistd.h>

#include <QString>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/store/RunStore.h"
#include "core/sweep/Plan.h"
#include "core/sweep/SweepSpec.h"

namespace w2s::test {

/// A synthetic sweep: ladder s4 < s32 < s128, weak s4/s32, strong s32/s128, xent + logconf,
/// seeds 0 and 1. `epochs` and `nTrain` scale how long it trains.
inline nlohmann::json uiSweepJson(int epochs = 1, int nTrain = 600) {
  nlohmann::json j = nlohmann::json::parse(R"({
    "name": "ui-tiny",
    "task": {"dataset": "synthetic",
             "synthetic": {"dim": 8, "classes": 2, "n_train": 600, "n_test": 200,
                           "teacher_width": 16, "nonlinearity": 0.3, "seed": 5}},
    "ladder": [{"name": "s4", "family": "mlp", "width": 4, "depth": 1},
               {"name": "s32", "family": "mlp", "width": 32, "depth": 1},
               {"name": "s128", "family": "mlp", "width": 128, "depth": 1}],
    "weak_sizes": ["s4", "s32"], "strong_sizes": ["s32", "s128"],
    "pairs": "weak<strong",
    "views": [{"name": "noisy", "type": "noise", "sigma": 1.0}],
    "losses": ["xent", "logconf"],
    "seeds": [0, 1],
    "train": {"lr": 0.003, "epochs": 1, "batch_size": 32, "eval_every": 5}
  })");
  j["train"]["epochs"] = epochs;
  j["task"]["synthetic"]["n_train"] = nTrain;
  return j;
}

/// The smallest sweep that trains all three job kinds: one weak, one ceiling, one student.
inline nlohmann::json uiMiniSweepJson(int epochs = 1, int nTrain = 400) {
  nlohmann::json j = uiSweepJson(epochs, nTrain);
  j["name"] = "ui-mini";
  j["weak_sizes"] = {"s4"};
  j["strong_sizes"] = {"s32"};
  j["losses"] = {"xent"};
  j["seeds"] = {0};
  return j;
}

/// A fresh, empty folder for one test.
inline std::filesystem::path uiTempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("w2s-ui-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// A store holding the plan of uiSweepJson() without training: weak models and ceilings done,
/// half the students done (made-up but deterministic accuracies), one student failed, the
/// rest pending. Returns the sweep id.
inline int64_t makeFixtureStore(const std::string& path) {
  const SweepSpec spec = SweepSpec::fromJson(uiSweepJson(), "fixture");
  const Plan plan = planSweep(spec);
  RunStore store(path);
  const int64_t sweepId = store.addSweep(spec.name, spec.raw, "fixture");
  std::vector<JobRecord> planned;
  for (const Job& j : plan.jobs) {
    JobRecord r;
    r.hash = j.hash;
    r.kind = j.kind;
    r.config = j.config;
    r.labels = j.labels;
    if (j.kind == JobKind::Student) r.weakHash = j.config.at("weak").get<std::string>();
    planned.push_back(r);
  }
  store.addPlannedJobs(sweepId, planned);
  int students = 0;
  for (size_t i = 0; i < plan.jobs.size(); ++i) {
    const Job& j = plan.jobs[i];
    const bool student = j.kind == JobKind::Student;
    if (student && ++students > 4) {
      if (students == 5) store.markFailed(j.hash, JobStatus::Failed, "fixture: made-up failure");
      continue;  // pending
    }
    JobResult res;
    res.record = planned[i];
    res.record.status = JobStatus::Done;
    res.record.seconds = 1.0 + static_cast<double>(i);
    res.record.paramCount = j.labels.value("params", int64_t{100});
    res.record.finalAcc = 0.6 + 0.01 * static_cast<double>(i);
    res.record.bestAcc = res.record.finalAcc + 0.02;
    res.record.bestStep = 10;
    for (int s = 0; s <= 20; s += 5) {
      EvalPoint p;
      p.step = s;
      p.testAcc = 0.5 + 0.005 * s;
      res.curve.push_back(p);
    }
    res.testProbs.rows = 2;
    res.testProbs.cols = 2;
    res.testProbs.data = {0.9f, 0.1f, 0.2f, 0.8f};
    store.saveResult(res);
  }
  return sweepId;
}

}  // namespace w2s::test
