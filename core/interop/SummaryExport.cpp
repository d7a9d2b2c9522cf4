#include "core/interop/SummaryExport.h"

#include <cmath>
#include <string>
#include <vector>

#include "core/analysis/Report.h"
#include "core/store/RunStore.h"
#include "core/util/Error.h"

namespace w2s {

namespace {

using nlohmann::json;

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json num(const std::optional<double>& v) { return v ? num(*v) : json(nullptr); }

json ci(const MeanCi& m) {
  if (m.n == 0) return {{"mean", nullptr}, {"lo", nullptr}, {"hi", nullptr}, {"n", 0}};
  return {{"mean", num(m.mean)}, {"lo", num(m.lo)}, {"hi", num(m.hi)}, {"n", m.n}};
}

json outcomeJson(const RunStore& store, const StudentOutcome& o) {
  const json summary = store.summary(o.studentHash);
  return {{"student", o.studentHash},
          {"weak", o.weakHash},
          {"ceiling", o.ceilingHash},
          {"supervisor", o.supervisorHash},
          {"task", o.task},
          {"view", o.view},
          {"weak_size", o.weakSize},
          {"strong_size", o.strongSize},
          {"loss", o.loss},
          {"method", o.method},
          {"chain_steps", o.chainSteps},
          {"label_source", o.labelSource},
          {"early_stop", o.earlyStop},
          {"strong_variant", o.strongVariant},
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
          {"w2s_early_acc", num(o.w2sEarlyAcc)},
          {"w2s_early_step", o.w2sEarlyStep >= 0 ? json(o.w2sEarlyStep) : json(nullptr)},
          {"pgr_early", num(o.pgrEarly)},
          {"agree_all", num(o.agree.all)},
          {"agree_right", num(o.agree.supervisorRight)},
          {"agree_wrong", num(o.agree.supervisorWrong)},
          {"weak_auroc", num(o.weakAuroc)},
          {"ceiling_auroc", num(o.ceilingAuroc)},
          {"w2s_auroc", num(o.w2sAuroc)},
          {"pgr_auroc", num(o.pgrAuroc)},
          {"w2s_ece", num(o.w2sEce)},
          {"confident_agree", num(o.confidentAgree)},
          {"imported", summary.is_object() && summary.value("imported", false)}};
}

json groupJson(const ReportRow& r, const ReportRow& bootstrapped) {
  return {{"task", r.task},
          {"view", r.view},
          {"weak_size", r.weakSize},
          {"strong_size", r.strongSize},
          {"loss", r.loss},
          {"method", r.method},
          {"chain_steps", r.chainSteps},
          {"label_source", r.labelSource},
          {"early_stop", r.earlyStop},
          {"weak_params", r.weakParams},
          {"strong_params", r.strongParams},
          {"size_gap", num(r.sizeGap)},
          {"seeds", r.seeds},
          {"weak_acc", ci(r.weakAcc)},
          {"ceiling_acc", ci(r.ceilingAcc)},
          {"w2s_acc", ci(r.w2sAcc)},
          {"w2s_best_acc", ci(r.w2sBestAcc)},
          {"pgr", ci(r.pgr)},
          {"pgr_bootstrap", ci(bootstrapped.pgr)},
          {"pgr_best", ci(r.pgrBest)},
          {"pgr_undefined", r.pgrUndefined},
          {"pgr_seed_mean", num(r.pgrSeeds.seedMean)},
          {"pgr_median", num(r.pgrSeeds.median)},
          {"pgr_gap", num(r.pgrSeeds.gap)},
          {"pgr_gap_se", num(r.pgrSeeds.gapSe)},
          {"pgr_unstable", r.pgrSeeds.unstable},
          {"w2s_early_acc", ci(r.w2sEarlyAcc)},
          {"pgr_early", ci(r.pgrEarly)},
          {"agree_all", ci(r.agreeAll)},
          {"agree_right", ci(r.agreeRight)},
          {"agree_wrong", ci(r.agreeWrong)},
          {"weak_auroc", ci(r.weakAuroc)},
          {"ceiling_auroc", ci(r.ceilingAuroc)},
          {"w2s_auroc", ci(r.w2sAuroc)},
          {"pgr_auroc", ci(r.pgrAuroc)},
          {"pgr_auroc_undefined", r.pgrAurocUndefined},
          {"w2s_ece", ci(r.w2sEce)},
          {"confident_agree", ci(r.confidentAgree)}};
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
  // Both groupings sort their rows the same way: row i of one is row i of the other.
  const std::vector<ReportRow> rows = aggregate(outcomes, level, CiMethod::StudentT);
  const std::vector<ReportRow> bootstrapped = aggregate(outcomes, level, CiMethod::Bootstrap);
  json groups = json::array();
  for (size_t i = 0; i < rows.size(); ++i) groups.push_back(groupJson(rows[i], bootstrapped[i]));
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

std::string summaryJsonText(const nlohmann::json& summary) {
  return summary.dump(2, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

}  // namespace w2s
