#include "core/analysis/Report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "core/store/RunStore.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"

namespace w2s {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Labels are written by the planner; a missing or non-string label reads as "" (or its JSON text)
// so that a hand-edited store still reports.
std::string labelText(const nlohmann::json& labels, const char* key) {
  if (!labels.is_object() || !labels.contains(key)) return {};
  const nlohmann::json& v = labels.at(key);
  return v.is_string() ? v.get<std::string>() : v.dump();
}

uint64_t seedOf(const JobRecord& student) {
  for (const nlohmann::json* j : {&student.labels, &student.config}) {
    if (j->is_object() && j->contains("seed") && j->at("seed").is_number_unsigned()) {
      return j->at("seed").get<uint64_t>();
    }
    if (j->is_object() && j->contains("seed") && j->at("seed").is_number_integer()) {
      return static_cast<uint64_t>(j->at("seed").get<int64_t>());
    }
  }
  return 0;
}

int64_t paramsOf(const JobRecord& job, const JobRecord& student, const char* label) {
  if (job.paramCount > 0) return job.paramCount;
  const nlohmann::json& l = student.labels;
  if (l.is_object() && l.contains(label) && l.at(label).is_number_integer()) {
    return l.at(label).get<int64_t>();
  }
  return 0;
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
    return it->second.status == "done" ? &it->second : nullptr;
  }

  const std::vector<int>* predictions(const std::string& hash) {
    auto it = preds_.find(hash);
    if (it == preds_.end()) {
      const auto probs = store_.testProbs(hash);
      it = preds_.emplace(hash, probs ? probs->argmax() : std::vector<int>{}).first;
    }
    return it->second.empty() ? nullptr : &it->second;
  }

  const std::vector<int>* truth(const nlohmann::json& taskSpec) {
    const std::string key = contentHash(taskSpec);
    auto it = truths_.find(key);
    if (it == truths_.end()) it = truths_.emplace(key, store_.testTruth(key)).first;
    return it->second.empty() ? nullptr : &it->second;
  }

  const std::map<std::string, JobRecord>& jobs() const { return byHash_; }

 private:
  const RunStore& store_;
  std::map<std::string, JobRecord> byHash_;
  std::map<std::string, std::vector<int>> preds_;
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

}  // namespace

std::vector<StudentOutcome> collectOutcomes(const RunStore& store, std::optional<int64_t> sweepId) {
  std::vector<JobRecord> students;
  std::vector<JobRecord> all = store.jobs(sweepId);
  for (const auto& j : all) {
    if (j.kind == "student" && j.status == "done") students.push_back(j);
  }
  OutcomeReader reader(store, std::move(all));

  std::vector<StudentOutcome> out;
  for (const JobRecord& st : students) {
    std::string weakHash =
        st.config.is_object() && st.config.contains("weak") && st.config.at("weak").is_string()
            ? st.config.at("weak").get<std::string>()
            : st.weakHash;
    const std::string ceilingHash = labelText(st.labels, "ceiling");
    const JobRecord* weak = reader.doneJob(weakHash);
    const JobRecord* ceiling = reader.doneJob(ceilingHash);
    if (!weak || !ceiling) continue;

    StudentOutcome o;
    o.studentHash = st.hash;
    o.weakHash = weakHash;
    o.ceilingHash = ceilingHash;
    o.task = labelText(st.labels, "task");
    o.view = labelText(st.labels, "view");
    o.weakSize = labelText(st.labels, "weak_size");
    o.strongSize = labelText(st.labels, "strong_size");
    o.loss = labelText(st.labels, "loss");
    o.seed = seedOf(st);
    o.weakParams = paramsOf(*weak, st, "weak_params");
    o.strongParams = paramsOf(st, st, "strong_params");
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
    o.agree = studentAgreement(reader, st, weakHash, store.path());
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<ReportRow> aggregate(const std::vector<StudentOutcome>& outcomes, double level) {
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  std::map<Key, std::vector<const StudentOutcome*>> groups;
  for (const auto& o : outcomes) {
    groups[{o.task, o.view, o.weakSize, o.strongSize, o.loss}].push_back(&o);
  }

  std::vector<ReportRow> rows;
  for (const auto& [key, members] : groups) {
    ReportRow r;
    std::tie(r.task, r.view, r.weakSize, r.strongSize, r.loss) = key;
    const StudentOutcome& first = *members.front();
    r.weakParams = first.weakParams;
    r.strongParams = first.strongParams;
    r.sizeGap = first.sizeGap;
    r.seeds = static_cast<int>(members.size());
    auto collect = [&](auto field) {
      std::vector<double> values;
      for (const StudentOutcome* o : members) values.push_back(field(*o));
      return meanCi(values, level);
    };
    r.weakAcc = collect([](const StudentOutcome& o) { return o.weakAcc; });
    r.ceilingAcc = collect([](const StudentOutcome& o) { return o.ceilingAcc; });
    r.w2sAcc = collect([](const StudentOutcome& o) { return o.w2sAcc; });
    r.w2sBestAcc = collect([](const StudentOutcome& o) { return o.w2sBestAcc; });
    // meanCi skips NaN: undefined PGRs and empty agreement splits drop out of the means.
    r.pgr = collect([](const StudentOutcome& o) { return o.pgr.value_or(kNaN); });
    r.pgrBest = collect([](const StudentOutcome& o) { return o.pgrBest.value_or(kNaN); });
    for (const StudentOutcome* o : members) r.pgrUndefined += o->pgr ? 0 : 1;
    r.agreeAll = collect([](const StudentOutcome& o) { return o.agree.all; });
    r.agreeRight = collect([](const StudentOutcome& o) { return o.agree.supervisorRight; });
    r.agreeWrong = collect([](const StudentOutcome& o) { return o.agree.supervisorWrong; });
    rows.push_back(std::move(r));
  }
  std::sort(rows.begin(), rows.end(), [](const ReportRow& a, const ReportRow& b) {
    return std::tie(a.task, a.view, a.weakParams, a.strongParams, a.loss, a.weakSize,
                    a.strongSize) <
           std::tie(b.task, b.view, b.weakParams, b.strongParams, b.loss, b.weakSize, b.strongSize);
  });
  return rows;
}

}  // namespace w2s
