#include "core/interop/SummaryExport.h"

#include <cmath>
#include <string>
#include <vector>

#include "core/analysis/Report.h"
#include "core/metrics/Bootstrap.h"
#include "core/store/RunStore.h"
#include "core/util/Error.h"

namespace w2s {

namespace {

using nlohmann::json;

constexpr int kBootstrapResamples = 10000;

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json num(const std::optional<double>& v) { return v ? num(*v) : json(nullptr); }

json ci(const MeanCi& m) {
  if (m.n == 0) return {{"mean", nullptr}, {"lo", nullptr}, {"hi", nullptr}, {"n", 0}};
  return {{"mean", num(m.mean)}, {"lo", num(m.lo)}, {"hi", num(m.hi)}, {"n", m.n}};
}

std::optional<double> aurocOf(const RunStore& store, const std::string& hash) {
  const json s = store.summary(hash);
  if (s.is_object() && s.contains("auroc") && s.at("auroc").is_number()) {
    return s.at("auroc").get<double>();
  }
  return std::nullopt;
}

json outcomeJson(const RunStore& store, const StudentOutcome& o) {
  const auto weakAuroc = aurocOf(store, o.weakHash);
  const auto ceilingAuroc = aurocOf(store, o.ceilingHash);
  const auto w2sAuroc = aurocOf(store, o.studentHash);
  const json summary = store.summary(o.studentHash);
  json j = {{"student", o.studentHash},
            {"weak", o.weakHash},
            {"ceiling", o.ceilingHash},
            {"task", o.task},
            {"view", o.view},
            {"weak_size", o.weakSize},
            {"strong_size", o.strongSize},
            {"loss", o.loss},
            {"seed", o.seed},
            {"weak_params", o.weakParams},
            {"strong_params", o.strongParams},
            {"size_gap", num(o.sizeGap)},
            {"weak_acc", num(o.weakAcc)},
            {"ceiling_acc", num(o.ceilingAcc)},
            {"w2s_acc", num(o.w2sAcc)},
            {"w2s_best_acc", num(o.w2sBestAcc)},
            {"w2s_best_step", o.w2sBestStep},
            {"pgr", num(o.pgr)},
            {"pgr_best", num(o.pgrBest)},
            {"agree_all", num(o.agree.all)},
            {"agree_right", num(o.agree.supervisorRight)},
            {"agree_wrong", num(o.agree.supervisorWrong)},
            {"weak_auroc", num(weakAuroc)},
            {"ceiling_auroc", num(ceilingAuroc)},
            {"w2s_auroc", num(w2sAuroc)},
            {"pgr_auroc", nullptr},
            {"imported", summary.is_object() && summary.value("imported", false)}};
  if (weakAuroc && ceilingAuroc && w2sAuroc) {
    j["pgr_auroc"] = num(pgr(*weakAuroc, *w2sAuroc, *ceilingAuroc));
  }
  return j;
}

json groupJson(const ReportRow& r, const std::vector<StudentOutcome>& outcomes, double level) {
  std::vector<double> pgrs;
  for (const auto& o : outcomes) {
    if (o.task == r.task && o.view == r.view && o.weakSize == r.weakSize &&
        o.strongSize == r.strongSize && o.loss == r.loss) {
      pgrs.push_back(o.pgr.value_or(std::nan("")));
    }
  }
  const BootstrapCi boot = bootstrapMeanCi(pgrs, kBootstrapResamples, level, 0);
  return {{"task", r.task},
          {"view", r.view},
          {"weak_size", r.weakSize},
          {"strong_size", r.strongSize},
          {"loss", r.loss},
          {"weak_params", r.weakParams},
          {"strong_params", r.strongParams},
          {"size_gap", num(r.sizeGap)},
          {"seeds", r.seeds},
          {"weak_acc", ci(r.weakAcc)},
          {"ceiling_acc", ci(r.ceilingAcc)},
          {"w2s_acc", ci(r.w2sAcc)},
          {"w2s_best_acc", ci(r.w2sBestAcc)},
          {"pgr", ci(r.pgr)},
          {"pgr_bootstrap",
           {{"mean", num(boot.mean)},
            {"lo", num(boot.lo)},
            {"hi", num(boot.hi)},
            {"n", boot.n},
            {"resamples", boot.resamples}}},
          {"pgr_best", ci(r.pgrBest)},
          {"pgr_undefined", r.pgrUndefined},
          {"agree_all", ci(r.agreeAll)},
          {"agree_right", ci(r.agreeRight)},
          {"agree_wrong", ci(r.agreeWrong)}};
}

}  // namespace

json exportSummaryJson(const RunStore& store, std::optional<int64_t> sweepId, double level) {
  json sweep = nullptr;
  if (sweepId) {
    const auto s = store.sweep(*sweepId);
    if (!s) {
      throw StoreError("run store " + store.path() + ": no sweep " + std::to_string(*sweepId));
    }
    sweep = {{"id", s->id}, {"name", s->name}, {"source", s->source}, {"created_at", s->createdAt}};
  }
  const std::vector<StudentOutcome> outcomes = collectOutcomes(store, sweepId);
  json groups = json::array();
  for (const ReportRow& r : aggregate(outcomes, level)) {
    groups.push_back(groupJson(r, outcomes, level));
  }
  json students = json::array();
  for (const StudentOutcome& o : outcomes) students.push_back(outcomeJson(store, o));
  return {{"schema", "w2s-workbench/summary"},
          {"version", kSummarySchemaVersion},
          {"generator", std::string("w2s ") + W2S_VERSION},
          {"store", store.path()},
          {"sweep", sweep},
          {"level", level},
          {"groups", groups},
          {"outcomes", students}};
}

}  // namespace w2s
