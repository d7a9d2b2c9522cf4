#include "core/interop/ImportWriter.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <tuple>

#include "core/job/JobLabels.h"
#include "core/store/ClaimOwner.h"
#include "core/store/RunStore.h"
#include "core/store/Transaction.h"
#include "core/util/Hash.h"

namespace w2s {

namespace {

using nlohmann::json;

json baseConfig(const ImportedRun& r, const char* kind, const std::string& format) {
  json c = {{"kind", kind},
            {"task", {{"dataset", r.task}}},
            {"model", {{"family", "imported"}, {"name", r.model}}},
            {"seed", r.seed},
            {"train", r.train.is_object() ? r.train : json::object()},
            {"imported", true},
            {"format", format},
            {"stage", r.stage},
            {"source", r.path},
            {"original", r.original}};
  return c;
}

// Best test accuracy and its step over the logged curve and the final value.
std::pair<double, int64_t> bestOf(const ImportedRun& r) {
  double best = r.accuracy;
  int64_t step = r.curve.empty() ? 0 : r.curve.back().step;
  for (const EvalPoint& p : r.curve) {
    if (p.testAcc > best) {
      best = p.testAcc;
      step = p.step;
    }
  }
  return {best, step};
}

class Writer {
 public:
  explicit Writer(const ImportBatch& b)
      : batch_(b), weak_(b.runs.size()), ceiling_(b.runs.size()), student_(b.runs.size()) {}

  void build() {
    for (size_t i = 0; i < batch_.runs.size(); ++i) {
      const ImportedRun& r = batch_.runs[i];
      if (!r.groundTruth) {
        studentHash(i);
        continue;
      }
      if (r.asWeak) weakHash(i);
      if (r.asCeiling || !r.asWeak) ceilingHash(i);
    }
  }

  std::vector<JobResult> results;

 private:
  const std::string& weakHash(size_t i) {
    if (!weak_[i].empty()) return weak_[i];
    const ImportedRun& r = batch_.runs[i];
    JobLabels labels = importedLabels(r);
    labels.size = labels.weakSize = r.model;
    weak_[i] = add(r, baseConfig(r, "weak", batch_.format), labels, JobKind::Weak, "");
    return weak_[i];
  }

  const std::string& ceilingHash(size_t i) {
    if (!ceiling_[i].empty()) return ceiling_[i];
    const ImportedRun& r = batch_.runs[i];
    JobLabels labels = importedLabels(r);
    labels.size = labels.strongSize = r.model;
    ceiling_[i] = add(r, baseConfig(r, "ceiling", batch_.format), labels, JobKind::Ceiling, "");
    return ceiling_[i];
  }

  // A supervisor is a ground-truth run's weak job or, in student-to-student chains, a student.
  std::string supervisorHash(int s) {
    if (s < 0) return {};
    return batch_.runs[s].groundTruth ? weakHash(s) : studentHash(s);
  }

  const std::string& studentHash(size_t i) {
    if (!student_[i].empty()) return student_[i];
    const ImportedRun& r = batch_.runs[i];
    json config = baseConfig(r, "student", batch_.format);
    config["loss"] = r.lossConfig.is_object() ? r.lossConfig : json{{"name", r.loss}};
    JobLabels labels = importedLabels(r);
    labels.strongSize = r.model;
    labels.loss = r.loss;
    labels.strongParams = r.params;
    // As in planned bootstrap chains: config.weak is the job whose labels the student learned
    // from, labels.root_weak the weak model at the start of the chain (the PGR baseline).
    const std::string root = r.weakRoot >= 0 ? weakHash(r.weakRoot) : std::string();
    const std::string supervisor = supervisorHash(r.supervisor);
    std::string weak;
    if (!root.empty()) {
      const ImportedRun& w = batch_.runs[r.weakRoot];
      weak = supervisor.empty() ? root : supervisor;
      config["weak"] = weak;
      labels.weakSize = w.model;
      labels.weakParams = w.params;
      if (weak != root) labels.rootWeak = root;
    } else if (!supervisor.empty()) {
      // Without the chain's weak model there is no PGR baseline: keep the link, not config.weak.
      config["supervisor"] = supervisor;
    }
    if (r.method != "direct") {
      labels.method = r.method;
      labels.chainSteps = r.chainStep;
      if (r.supervisor >= 0) labels.supervisorSize = batch_.runs[r.supervisor].model;
    }
    if (r.ceiling >= 0) labels.ceiling = ceilingHash(r.ceiling);
    student_[i] = add(r, std::move(config), labels, JobKind::Student, weak);
    return student_[i];
  }

  // What every imported job's labels hold: task, seed, parameters and the import mark.
  static JobLabels importedLabels(const ImportedRun& r) {
    JobLabels l;
    l.task = r.task;
    l.seed = r.seed;
    l.params = r.params;
    l.imported = true;
    return l;
  }

  std::string add(const ImportedRun& r, json config, const JobLabels& labels, JobKind kind,
                  const std::string& weak) {
    JobResult res;
    JobRecord& rec = res.record;
    rec.hash = importedJobHash(config, r.results);
    rec.kind = kind;
    rec.config = std::move(config);
    rec.labels = labels.toJson();
    rec.status = JobStatus::Done;
    rec.paramCount = r.params;
    rec.weakHash = weak;
    rec.finalAcc = r.accuracy;
    std::tie(rec.bestAcc, rec.bestStep) = bestOf(r);
    rec.tags = "imported";
    res.curve = r.curve;
    res.summary = {
        {"imported", true}, {"format", batch_.format}, {"source", r.path}, {"results", r.results}};
    if (!std::isnan(r.auroc)) res.summary["auroc"] = r.auroc;
    std::string hash = rec.hash;  // `rec` is part of `res`, moved below
    results.push_back(std::move(res));
    return hash;
  }

  const ImportBatch& batch_;
  std::vector<std::string> weak_, ceiling_, student_;
};

}  // namespace

std::string importedJobHash(const json& config, const json& results) {
  json c = config;
  c.erase("source");
  return contentHash(json{{"config", c}, {"results", results}});
}

ImportSummary writeImport(RunStore& store, const ImportBatch& batch) {
  Writer writer(batch);
  writer.build();

  // Identical runs copied into two folders hash equally: store them once.
  std::vector<JobResult> unique;
  std::set<std::string> seen;
  for (JobResult& r : writer.results) {
    if (seen.insert(r.record.hash).second) unique.push_back(std::move(r));
  }

  ImportSummary summary;
  summary.warnings = batch.warnings;
  std::vector<JobRecord> planned;
  for (const JobResult& r : unique) {
    planned.push_back(r.record);
    const JobKind kind = r.record.kind;
    summary.weak += kind == JobKind::Weak;
    summary.ceilings += kind == JobKind::Ceiling;
    if (kind == JobKind::Student) {
      ++summary.students;
      const bool complete = r.record.config.contains("weak") && r.record.labels.contains("ceiling");
      summary.studentsWithPgrInputs += complete;
    }
  }
  // All or nothing: an import that fails half-way leaves the store as it was.
  Transaction tx(store.handle());
  int64_t runId = 0;
  std::tie(summary.sweepId, runId) = store.beginSweepRun(
      "import: " + batch.folder, json{{"imported_from", batch.folder}, {"format", batch.format}},
      batch.folder, planned, ClaimOwner::self().text());
  for (const JobResult& r : unique) store.saveResult(r);
  SweepRunRecord run;
  run.id = runId;
  run.outcome = "imported";
  run.trained = static_cast<int>(unique.size());
  store.finishSweepRun(run);
  tx.commit();
  return summary;
}

}  // namespace w2s
