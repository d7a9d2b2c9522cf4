#include "core/analysis/Report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "core/job/JobLabels.h"
#include "core/metrics/Auroc.h"
#include "core/metrics/Bootstrap.h"
#include "core/metrics/Calibration.h"
#include "core/metrics/ConfidentAgreement.h"
#include "core/store/RunStore.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"

namespace w2s {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

uint64_t seedOf(const JobRecord& student, const JobLabels& labels) {
  if (labels.seed) return *labels.seed;
  const nlohmann::json& c = student.config;
  if (c.is_object() && c.contains("seed") && c.at("seed").is_number_unsigned()) {
    return c.at("seed").get<uint64_t>();
  }
  if (c.is_object() && c.contains("seed") && c.at("seed").is_number_integer()) {
    return static_cast<uint64_t>(c.at("seed").get<int64_t>());
  }
  return 0;
}

int64_t paramsOf(const JobRecord& job, const std::optional<int64_t>& label) {
  if (job.paramCount > 0) return job.paramCount;
  return label.value_or(0);
}

// Reads jobs, predictions and truths once each: many students share a supervisor and a task.
class OutcomeReader {
 public:
  OutcomeReader(const RunStore& store, std::vector<JobRecord> jobs) : store_(store) {
    for (auto& j : jobs) byHash_.emplace(j.hash, std::move(j));
  }

  const JobRecord* doneJob(const std::string& hash) {
    if (hash.empty()) return nullptr;
    auto it = byHash_.find(hash);
    if (it == byHash_.end()) {
      // A supervisor reused from another sweep may be missing from this sweep's links.
      auto loaded = store_.job(hash);
      if (!loaded) return nullptr;
      it = byHash_.emplace(hash, std::move(*loaded)).first;
    }
    return it->second.status == JobStatus::Done ? &it->second : nullptr;
  }

  const std::vector<int>* predictions(const std::string& hash) {
    auto it = preds_.find(hash);
    if (it == preds_.end()) {
      const ProbMatrix* p = probs(hash);
      it = preds_.emplace(hash, p ? p->argmax() : std::vector<int>{}).first;
    }
    return it->second.empty() ? nullptr : &it->second;
  }

  const ProbMatrix* probs(const std::string& hash) {
    auto it = probs_.find(hash);
    if (it == probs_.end()) it = probs_.emplace(hash, store_.testProbs(hash)).first;
    return it->second ? &*it->second : nullptr;
  }

  /// A number of the job's summary; NaN when absent or not a number.
  double summaryNumber(const std::string& hash, const char* key) {
    auto it = summaries_.find(hash);
    if (it == summaries_.end()) it = summaries_.emplace(hash, store_.summary(hash)).first;
    const nlohmann::json& s = it->second;
    if (!s.is_object() || !s.contains(key) || !s.at(key).is_number()) return kNaN;
    return s.at(key).get<double>();
  }

  const std::vector<int>* truth(const nlohmann::json& taskSpec) {
    const std::string key = identityHash(taskSpec);
    auto it = truths_.find(key);
    if (it == truths_.end()) {
      std::vector<int> truth = store_.testTruth(key);
      // Stores written before schema 4 keyed it by the older content hash.
      if (truth.empty()) truth = store_.testTruth(legacyContentHash(taskSpec));
      it = truths_.emplace(key, std::move(truth)).first;
    }
    return it->second.empty() ? nullptr : &it->second;
  }

  const std::map<std::string, JobRecord>& jobs() const { return byHash_; }

 private:
  const RunStore& store_;
  std::map<std::string, JobRecord> byHash_;
  std::map<std::string, std::vector<int>> preds_;
  std::map<std::string, std::optional<ProbMatrix>> probs_;
  std::map<std::string, nlohmann::json> summaries_;
  std::map<std::string, std::vector<int>> truths_;
};

Agreement studentAgreement(OutcomeReader& reader, const JobRecord& student,
                           const std::string& weakHash, const std::string& file) {
  const std::vector<int>* s = reader.predictions(student.hash);
  const std::vector<int>* w = reader.predictions(weakHash);
  const std::vector<int>* t =
      student.config.contains("task") ? reader.truth(student.config.at("task")) : nullptr;
  if (!s || !w || !t) return {kNaN, kNaN, kNaN};  // stored before predictions were kept
  if (s->size() != w->size() || s->size() != t->size()) {
    throw StoreError("run store " + file + ": student " + student.hash + " has " +
                     std::to_string(s->size()) + " test predictions, its supervisor " +
                     std::to_string(w->size()) + ", the task's test truth " +
                     std::to_string(t->size()) + "; expected equal counts");
  }
  return agreement(*s, *w, *t);
}

const std::vector<int>* taskTruth(OutcomeReader& reader, const JobRecord& job) {
  return job.config.is_object() && job.config.contains("task") ? reader.truth(job.config.at("task"))
                                                               : nullptr;
}

// The job's test AUROC: from its summary (written at the end of training, or by an importer),
// else computed from its stored test probabilities; NaN when neither exists.
double jobAuroc(OutcomeReader& reader, const JobRecord& job) {
  const double stored = reader.summaryNumber(job.hash, "auroc");
  if (!std::isnan(stored)) return stored;
  const ProbMatrix* p = reader.probs(job.hash);
  const std::vector<int>* t = taskTruth(reader, job);
  if (!p || !t || static_cast<size_t>(p->rows) != t->size() || p->cols < 2) return kNaN;
  return auroc(p->data, static_cast<int>(p->cols), *t);
}

// AUROC, calibration, confident agreement and the weak-agreement early stop of a student.
void addMethodMetrics(OutcomeReader& reader, const JobRecord& st, const JobRecord& weak,
                      const JobRecord& ceiling, StudentOutcome& o) {
  o.weakAuroc = jobAuroc(reader, weak);
  o.ceilingAuroc = jobAuroc(reader, ceiling);
  o.w2sAuroc = jobAuroc(reader, st);
  if (std::isfinite(o.weakAuroc) && std::isfinite(o.w2sAuroc) && std::isfinite(o.ceilingAuroc)) {
    o.pgrAuroc = pgr(o.weakAuroc, o.w2sAuroc, o.ceilingAuroc);
  }
  const ProbMatrix* p = reader.probs(st.hash);
  const std::vector<int>* t = taskTruth(reader, st);
  const std::vector<int>* sup = reader.predictions(o.supervisorHash);
  const bool sized = p && t && static_cast<size_t>(p->rows) == t->size() && p->cols >= 2;
  o.w2sEce = reader.summaryNumber(st.hash, "ece");
  if (std::isnan(o.w2sEce) && sized) {
    o.w2sEce = expectedCalibrationError(p->data, static_cast<int>(p->cols), *t);
  }
  if (sized && sup && sup->size() == t->size()) {
    o.confidentAgree = confidentAgreement(p->data, static_cast<int>(p->cols), *sup, *t).fraction;
  }
  const ProbMatrix* w = reader.probs(o.supervisorHash);
  if (sized && w && w->rows == p->rows && w->cols == p->cols) {
    o.misfit = misfitGain(p->data, w->data, static_cast<int>(p->cols), *t);
  }
  const double earlyStep = reader.summaryNumber(st.hash, "early_stop_step");
  if (std::isfinite(earlyStep)) {
    o.w2sEarlyStep = static_cast<int64_t>(earlyStep);
    o.w2sEarlyAcc = reader.summaryNumber(st.hash, "early_stop_acc");
    o.pgrEarly = pgr(o.weakAcc, o.w2sEarlyAcc, o.ceilingAcc);
  }
}

}  // namespace

std::vector<StudentOutcome> collectOutcomes(const RunStore& store, std::optional<int64_t> sweepId) {
  std::vector<JobRecord> students;
  std::vector<JobRecord> all = store.jobs(sweepId);
  // A sweep run again by a version that changed some jobs' settings (e.g. logconf's drop_last)
  // links the students of both plans, and they carry the same labels: only the last linked
  // (the newest plan's) student of each set of labels counts, once per seed.
  std::set<std::string> seen;
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->kind == JobKind::Student && it->status == JobStatus::Done &&
        seen.insert(it->labels.dump()).second) {
      students.push_back(*it);
    }
  }
  std::reverse(students.begin(), students.end());
  OutcomeReader reader(store, std::move(all));

  std::vector<StudentOutcome> out;
  for (const JobRecord& st : students) {
    const std::string supervisorHash =
        st.config.is_object() && st.config.contains("weak") && st.config.at("weak").is_string()
            ? st.config.at("weak").get<std::string>()
            : st.weakHash;
    // A bootstrapped student's supervisor is the previous student of its chain; its PGR is
    // measured against the weak model at the chain's root.
    const JobLabels labels = JobLabels::fromJson(st.labels);
    const std::string weakHash = labels.rootWeak.empty() ? supervisorHash : labels.rootWeak;
    const std::string& ceilingHash = labels.ceiling;
    const JobRecord* weak = reader.doneJob(weakHash);
    const JobRecord* ceiling = reader.doneJob(ceilingHash);
    if (!weak || !ceiling) continue;

    StudentOutcome o;
    o.studentHash = st.hash;
    o.weakHash = weakHash;
    o.ceilingHash = ceilingHash;
    o.task = labels.task;
    o.view = labels.view;
    o.weakSize = labels.weakSize;
    o.strongSize = labels.strongSize;
    if (st.config.is_object() && st.config.contains("model") && st.config.at("model").is_object()) {
      const auto& model = st.config.at("model");
      if (model.contains("family") && model.at("family").is_string())
        o.strongVariant = model.at("family").get<std::string>();
      if (model.value("pretrained", false)) o.strongVariant += " pretrained";
    }
    o.loss = labels.loss;
    o.seed = seedOf(st, labels);
    o.weakParams = paramsOf(*weak, labels.weakParams);
    o.strongParams = paramsOf(st, labels.strongParams);
    o.sizeGap = o.weakParams > 0 && o.strongParams > 0
                    ? std::log10(static_cast<double>(o.strongParams) / o.weakParams)
                    : kNaN;
    o.weakAcc = weak->finalAcc;
    o.ceilingAcc = ceiling->finalAcc;
    o.w2sAcc = st.finalAcc;
    o.w2sBestAcc = st.bestAcc;
    o.w2sBestStep = st.bestStep;
    o.pgr = pgr(o.weakAcc, o.w2sAcc, o.ceilingAcc);
    o.pgrBest = pgr(o.weakAcc, o.w2sBestAcc, o.ceilingAcc);
    o.supervisorHash = supervisorHash;
    if (!labels.method.empty()) o.method = labels.method;
    if (labels.chainSteps) o.chainSteps = *labels.chainSteps;
    o.labelSource = labels.labelSource;
    if (st.config.is_object() && st.config.contains("early_stop") &&
        st.config.at("early_stop").is_object()) {
      const double frac = st.config.at("early_stop").value("val_frac", 0.0);
      if (frac > 0) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "weak-agreement val=%g", frac);
        o.earlyStop = buf;
      }
    }
    if (supervisorHash != weakHash && !reader.doneJob(supervisorHash)) continue;
    o.agree = studentAgreement(reader, st, supervisorHash, store.path());
    addMethodMetrics(reader, st, *weak, *ceiling, o);
    out.push_back(std::move(o));
  }
  return out;
}

namespace {

// PGR over seeds with the interval `ci` asks for: the delta-method t-interval of
// pgrAcrossSeeds, or a percentile bootstrap of the ratio of mean gains over resampled seeds.
PgrAcrossSeeds pgrOver(const std::vector<const StudentOutcome*>& members, double level, CiMethod ci,
                       double (*w2sOf)(const StudentOutcome&),
                       double (*weakOf)(const StudentOutcome&),
                       double (*ceilingOf)(const StudentOutcome&)) {
  std::vector<double> weak, w2s, ceiling;
  for (const StudentOutcome* o : members) {
    weak.push_back(weakOf(*o));
    w2s.push_back(w2sOf(*o));
    ceiling.push_back(ceilingOf(*o));
  }
  PgrAcrossSeeds p = pgrAcrossSeeds(weak, w2s, ceiling, level);
  if (ci == CiMethod::Bootstrap && p.n >= 2 && std::isfinite(p.ratio)) {
    std::vector<double> gains, gaps;
    for (size_t i = 0; i < weak.size(); ++i) {
      if (!std::isfinite(weak[i]) || !std::isfinite(w2s[i]) || !std::isfinite(ceiling[i])) continue;
      gains.push_back(w2s[i] - weak[i]);
      gaps.push_back(ceiling[i] - weak[i]);
    }
    const std::vector<double> ratios = bootstrapRatioOfMeans(gains, gaps, 10000, /*seed=*/0);
    p.lo = quantileSorted(ratios, (1.0 - level) / 2.0);
    p.hi = quantileSorted(ratios, (1.0 + level) / 2.0);
  }
  return p;
}

MeanCi asMeanCi(const PgrAcrossSeeds& p) { return MeanCi{p.ratio, p.lo, p.hi, p.n}; }

}  // namespace

std::vector<ReportRow> aggregate(const std::vector<StudentOutcome>& outcomes, double level,
                                 CiMethod ci) {
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string,
                         std::string, int, std::string, std::string>;
  std::map<Key, std::vector<const StudentOutcome*>> groups;
  for (const auto& o : outcomes) {
    groups[{o.task, o.view, o.weakSize, o.strongSize, o.loss, o.method, o.chainSteps, o.labelSource,
            o.earlyStop}]
        .push_back(&o);
  }
  auto interval = [level, ci](const std::vector<double>& values) {
    if (ci == CiMethod::StudentT) return meanCi(values, level);
    const BootstrapCi b = bootstrapMeanCi(values, 10000, level, /*seed=*/0);
    return MeanCi{b.mean, b.lo, b.hi, b.n};
  };

  std::vector<ReportRow> rows;
  for (const auto& [key, members] : groups) {
    ReportRow r;
    std::tie(r.task, r.view, r.weakSize, r.strongSize, r.loss, r.method, r.chainSteps,
             r.labelSource, r.earlyStop) = key;
    const StudentOutcome& first = *members.front();
    r.weakParams = first.weakParams;
    r.strongParams = first.strongParams;
    r.sizeGap = first.sizeGap;
    r.seeds = static_cast<int>(members.size());
    for (const StudentOutcome* o : members) r.studentHashes.push_back(o->studentHash);
    auto collect = [&](auto field) {
      std::vector<double> values;
      for (const StudentOutcome* o : members) values.push_back(field(*o));
      return interval(values);
    };
    r.weakAcc = collect([](const StudentOutcome& o) { return o.weakAcc; });
    r.ceilingAcc = collect([](const StudentOutcome& o) { return o.ceilingAcc; });
    r.w2sAcc = collect([](const StudentOutcome& o) { return o.w2sAcc; });
    r.w2sBestAcc = collect([](const StudentOutcome& o) { return o.w2sBestAcc; });
    auto weakAcc = [](const StudentOutcome& o) { return o.weakAcc; };
    auto ceilingAcc = [](const StudentOutcome& o) { return o.ceilingAcc; };
    r.pgrSeeds = pgrOver(
        members, level, ci, [](const StudentOutcome& o) { return o.w2sAcc; }, weakAcc, ceilingAcc);
    r.pgr = asMeanCi(r.pgrSeeds);
    r.pgrUndefined = r.pgrSeeds.undefinedSeeds;
    r.pgrBestSeeds = pgrOver(
        members, level, ci, [](const StudentOutcome& o) { return o.w2sBestAcc; }, weakAcc,
        ceilingAcc);
    r.pgrBest = asMeanCi(r.pgrBestSeeds);
    // Agreement: empty splits are NaN and drop out of the means.
    r.agreeAll = collect([](const StudentOutcome& o) { return o.agree.all; });
    r.agreeRight = collect([](const StudentOutcome& o) { return o.agree.supervisorRight; });
    r.agreeWrong = collect([](const StudentOutcome& o) { return o.agree.supervisorWrong; });
    r.weakAuroc = collect([](const StudentOutcome& o) { return o.weakAuroc; });
    r.ceilingAuroc = collect([](const StudentOutcome& o) { return o.ceilingAuroc; });
    r.w2sAuroc = collect([](const StudentOutcome& o) { return o.w2sAuroc; });
    r.pgrAurocSeeds = pgrOver(
        members, level, ci, [](const StudentOutcome& o) { return o.w2sAuroc; },
        [](const StudentOutcome& o) { return o.weakAuroc; },
        [](const StudentOutcome& o) { return o.ceilingAuroc; });
    r.pgrAuroc = asMeanCi(r.pgrAurocSeeds);
    r.pgrAurocUndefined = r.pgrAurocSeeds.undefinedSeeds;
    r.w2sEce = collect([](const StudentOutcome& o) { return o.w2sEce; });
    r.confidentAgree = collect([](const StudentOutcome& o) { return o.confidentAgree; });
    r.w2sEarlyAcc = collect([](const StudentOutcome& o) { return o.w2sEarlyAcc; });
    r.pgrEarlySeeds = pgrOver(
        members, level, ci, [](const StudentOutcome& o) { return o.w2sEarlyAcc; }, weakAcc,
        ceilingAcc);
    r.pgrEarly = asMeanCi(r.pgrEarlySeeds);
    rows.push_back(std::move(r));
  }
  std::sort(rows.begin(), rows.end(), [](const ReportRow& a, const ReportRow& b) {
    return std::tie(a.task, a.view, a.weakParams, a.strongParams, a.loss, a.weakSize, a.strongSize,
                    a.method, a.chainSteps, a.labelSource, a.earlyStop) <
           std::tie(b.task, b.view, b.weakParams, b.strongParams, b.loss, b.weakSize, b.strongSize,
                    b.method, b.chainSteps, b.labelSource, b.earlyStop);
  });
  return rows;
}

std::string methodName(const std::string& loss, const std::string& method) {
  return method == "direct" ? loss : loss + "+" + method;
}

}  // namespace w2s
