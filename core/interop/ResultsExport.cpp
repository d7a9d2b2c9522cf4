#include "core/interop/ResultsExport.h"

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "core/analysis/Report.h"
#include "core/interop/SummaryExport.h"
#include "core/job/JobLabels.h"
#include "core/store/RunStore.h"
#include "core/util/AtomicFile.h"

namespace fs = std::filesystem;

namespace w2s {

namespace {

// A number with `decimals` decimals; NaN is an empty field.
std::string num(double v, int decimals) {
  if (std::isnan(v)) return "";
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << v;
  return s.str();
}

}  // namespace

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void writeSummaryCsv(std::ostream& o, const std::vector<ReportRow>& rows) {
  o << "task,view,weak_size,strong_size,loss,weak_params,strong_params,size_gap,seeds,"
       "weak_acc,weak_acc_lo,weak_acc_hi,ceiling_acc,ceiling_acc_lo,ceiling_acc_hi,"
       "w2s_acc,w2s_acc_lo,w2s_acc_hi,w2s_best_acc,pgr,pgr_lo,pgr_hi,pgr_best,pgr_undefined,"
       "agree_all,agree_right,agree_wrong,method,weak_auroc,ceiling_auroc,w2s_auroc,pgr_auroc,"
       "pgr_auroc_lo,pgr_auroc_hi,pgr_auroc_undefined,w2s_ece,confident_agree,w2s_early_acc,"
       "pgr_early,chain_steps,label_source,early_stop,pgr_seed_mean,pgr_median,pgr_gap,"
       "pgr_gap_se,pgr_unstable\n";
  for (const auto& r : rows) {
    auto ci = [](const MeanCi& m) {
      return num(m.n ? m.mean : NAN, 4) + "," + num(m.n ? m.lo : NAN, 4) + "," +
             num(m.n ? m.hi : NAN, 4);
    };
    o << csvField(r.task) << "," << csvField(r.view) << "," << csvField(r.weakSize) << ","
      << csvField(r.strongSize) << "," << csvField(r.loss) << "," << r.weakParams << ","
      << r.strongParams << "," << num(r.sizeGap, 4) << "," << r.seeds << "," << ci(r.weakAcc) << ","
      << ci(r.ceilingAcc) << "," << ci(r.w2sAcc) << ","
      << num(r.w2sBestAcc.n ? r.w2sBestAcc.mean : NAN, 4) << "," << ci(r.pgr) << ","
      << num(r.pgrBest.n ? r.pgrBest.mean : NAN, 4) << "," << r.pgrUndefined << ","
      << num(r.agreeAll.n ? r.agreeAll.mean : NAN, 4) << ","
      << num(r.agreeRight.n ? r.agreeRight.mean : NAN, 4) << ","
      << num(r.agreeWrong.n ? r.agreeWrong.mean : NAN, 4) << "," << csvField(r.method) << ","
      << num(r.weakAuroc.n ? r.weakAuroc.mean : NAN, 4) << ","
      << num(r.ceilingAuroc.n ? r.ceilingAuroc.mean : NAN, 4) << ","
      << num(r.w2sAuroc.n ? r.w2sAuroc.mean : NAN, 4) << "," << ci(r.pgrAuroc) << ","
      << r.pgrAurocUndefined << "," << num(r.w2sEce.n ? r.w2sEce.mean : NAN, 4) << ","
      << num(r.confidentAgree.n ? r.confidentAgree.mean : NAN, 4) << ","
      << num(r.w2sEarlyAcc.n ? r.w2sEarlyAcc.mean : NAN, 4) << ","
      << num(r.pgrEarly.n ? r.pgrEarly.mean : NAN, 4) << "," << r.chainSteps << ","
      << csvField(r.labelSource) << "," << csvField(r.earlyStop) << ","
      << num(r.pgrSeeds.seedMean, 4) << "," << num(r.pgrSeeds.median, 4) << ","
      << num(r.pgrSeeds.gap, 4) << "," << num(r.pgrSeeds.gapSe, 4) << ","
      << (r.pgrSeeds.unstable ? 1 : 0) << "\n";
  }
}

ExportedResults exportResultsCsv(const RunStore& store, std::optional<int64_t> sweepId,
                                 const std::string& dir) {
  fs::create_directories(dir);
  const auto outcomes = collectOutcomes(store, sweepId);
  writeFileAtomically((fs::path(dir) / "summary.csv").string(),
                      [&](std::ostream& f) { writeSummaryCsv(f, aggregate(outcomes)); });
  writeFileAtomically((fs::path(dir) / "outcomes.csv").string(), [&](std::ostream& f) {
    f << "student,weak,ceiling,task,view,weak_size,strong_size,loss,seed,weak_params,"
         "strong_params,size_gap,weak_acc,ceiling_acc,w2s_acc,w2s_best_acc,w2s_best_step,pgr,"
         "pgr_best,agree_all,agree_right,agree_wrong,method,chain_steps,supervisor,label_source,"
         "early_stop,strong_variant,w2s_early_acc,w2s_early_step,pgr_early,weak_auroc,"
         "ceiling_auroc,w2s_auroc,pgr_auroc,w2s_ece,confident_agree\n";
    for (const auto& o : outcomes) {
      f << o.studentHash << "," << o.weakHash << "," << o.ceilingHash << "," << csvField(o.task)
        << "," << csvField(o.view) << "," << csvField(o.weakSize) << "," << csvField(o.strongSize)
        << "," << csvField(o.loss) << "," << o.seed << "," << o.weakParams << "," << o.strongParams
        << "," << num(o.sizeGap, 4) << "," << num(o.weakAcc, 4) << "," << num(o.ceilingAcc, 4)
        << "," << num(o.w2sAcc, 4) << "," << num(o.w2sBestAcc, 4) << "," << o.w2sBestStep << ","
        << num(o.pgr.value_or(NAN), 4) << "," << num(o.pgrBest.value_or(NAN), 4) << ","
        << num(o.agree.all, 4) << "," << num(o.agree.supervisorRight, 4) << ","
        << num(o.agree.supervisorWrong, 4) << "," << csvField(o.method) << "," << o.chainSteps
        << "," << o.supervisorHash << "," << csvField(o.labelSource) << "," << csvField(o.earlyStop)
        << "," << csvField(o.strongVariant) << "," << num(o.w2sEarlyAcc, 4) << ","
        << (o.w2sEarlyStep >= 0 ? std::to_string(o.w2sEarlyStep) : std::string()) << ","
        << num(o.pgrEarly.value_or(NAN), 4) << "," << num(o.weakAuroc, 4) << ","
        << num(o.ceilingAuroc, 4) << "," << num(o.w2sAuroc, 4) << ","
        << num(o.pgrAuroc.value_or(NAN), 4) << "," << num(o.w2sEce, 4) << ","
        << num(o.confidentAgree, 4) << "\n";
    }
  });
  int nCurves = 0;
  writeFileAtomically((fs::path(dir) / "curves.csv").string(), [&](std::ostream& f) {
    f << "job,kind,size,weak_size,strong_size,view,loss,seed,step,epoch,train_loss,test_loss,"
         "test_acc,agree_all,agree_right,agree_wrong,lr,seconds,train_acc\n";
    for (const auto& j : store.jobs(sweepId)) {
      if (j.status != JobStatus::Done) continue;
      ++nCurves;
      const JobLabels l = JobLabels::fromJson(j.labels);
      const std::string prefix = j.hash + "," + toString(j.kind) + "," + csvField(l.size) + "," +
                                 csvField(l.weakSize) + "," + csvField(l.strongSize) + "," +
                                 csvField(l.view) + "," + csvField(l.loss) + "," +
                                 std::to_string(l.seed.value_or(0));
      for (const auto& p : store.curve(j.hash)) {
        f << prefix << "," << p.step << "," << num(p.epoch, 4) << "," << num(p.trainLoss, 6) << ","
          << num(p.testLoss, 6) << "," << num(p.testAcc, 6) << "," << num(p.agreeAll, 6) << ","
          << num(p.agreeRight, 6) << "," << num(p.agreeWrong, 6) << "," << num(p.lr, 8) << ","
          << num(p.seconds, 3) << "," << num(p.trainAcc, 6) << "\n";
      }
    }
  });
  ExportedResults r;
  for (const char* name : {"summary.csv", "outcomes.csv", "curves.csv"}) {
    r.files.push_back((fs::path(dir) / name).string());
  }
  r.students = outcomes.size();
  r.curveJobs = nCurves;
  return r;
}

ExportedResults exportResults(const RunStore& store, std::optional<int64_t> sweepId,
                              const std::string& dir, double level) {
  ExportedResults r = exportResultsCsv(store, sweepId, dir);
  const std::string json = (fs::path(dir) / "summary.json").string();
  writeFileAtomically(json, summaryJsonText(exportSummaryJson(store, sweepId, level)));
  r.files.push_back(json);
  return r;
}

}  // namespace w2s
