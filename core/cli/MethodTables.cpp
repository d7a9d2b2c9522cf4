#include "core/cli/MethodTables.h"

#include <cmath>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>
#include <tuple>

#include "core/analysis/MisfitAnalysis.h"
#include "core/cli/TextTable.h"
#include "core/store/RunStore.h"
#include "core/text/Utf8.h"

namespace w2s {

namespace {

constexpr size_t kProseWidth = 100;  // the tables' explanatory lines

std::string mean(const MeanCi& m, int decimals) {
  if (m.n == 0 || !std::isfinite(m.mean)) return "-";
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << m.mean;
  return s.str();
}

void writeEarlyStopTable(std::ostream& o, const std::vector<ReportRow>& rows) {
  o << "\n"
    << wrapText(
           "early stopping (means over seeds): final; early-stopped by agreement with weak "
           "labels on a held-out weak-labelled split (no ground truth); oracle = best test "
           "accuracy (uses ground truth, an upper bound)",
           kProseWidth);
  TextTable table({"view", "weak", "strong", "loss", "final", "early", "oracle", "PGR final",
                   "PGR early", "PGR oracle"});
  for (const auto& r : rows) {
    if (r.w2sEarlyAcc.n == 0) continue;
    table.addRow({printableText(r.view), printableText(r.weakSize), printableText(r.strongSize),
                  printableText(methodName(r.loss, r.method)), mean(r.w2sAcc, 3),
                  mean(r.w2sEarlyAcc, 3), mean(r.w2sBestAcc, 3),
                  formatPgrCell(r.pgrSeeds, 2, false), formatPgrCell(r.pgrEarlySeeds, 2, false),
                  formatPgrCell(r.pgrBestSeeds, 2, false)});
  }
  table.write(o);
}

void writeBootstrapTable(std::ostream& o, const std::vector<ReportRow>& rows) {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  // (task, view, weak, loss) -> strong params -> (direct, bootstrap)
  std::map<Key, std::map<int64_t, std::pair<const ReportRow*, const ReportRow*>>> lines;
  for (const auto& r : rows) {
    if (r.method != "direct" && r.method != "bootstrap") continue;
    auto& cell = lines[{r.task, r.view, r.weakSize, r.loss}][r.strongParams];
    (r.method == "direct" ? cell.first : cell.second) = &r;
  }
  o << "\n"
    << wrapText(
           "bootstrapping vs direct: accuracy and PGR vs student size (means over seeds); "
           "bootstrapped students learn from the previous, smaller student of their chain",
           kProseWidth);
  TextTable table({"view", "weak", "loss", "student", "steps", "direct acc", "boot acc",
                   "direct PGR", "boot PGR"});
  for (const auto& [key, bySize] : lines) {
    bool anyBoot = false;
    for (const auto& kv : bySize) anyBoot |= kv.second.second != nullptr;
    if (!anyBoot) continue;
    for (const auto& [params, cell] : bySize) {
      const ReportRow* any = cell.first ? cell.first : cell.second;
      table.addRow({printableText(std::get<1>(key)), printableText(std::get<2>(key)),
                    printableText(std::get<3>(key)), printableText(any->strongSize),
                    cell.second ? std::to_string(cell.second->chainSteps) : "-",
                    cell.first ? mean(cell.first->w2sAcc, 3) : "-",
                    cell.second ? mean(cell.second->w2sAcc, 3) : "-",
                    cell.first ? formatPgrCell(cell.first->pgrSeeds, 2, false) : "-",
                    cell.second ? formatPgrCell(cell.second->pgrSeeds, 2, false) : "-"});
    }
  }
  table.write(o);
}

}  // namespace

void writeMethodTables(std::ostream& out, const std::vector<ReportRow>& rows) {
  bool early = false, boot = false;
  for (const auto& r : rows) {
    early |= r.w2sEarlyAcc.n > 0;
    boot |= r.method == "bootstrap";
  }
  if (early) writeEarlyStopTable(out, rows);
  if (boot) writeBootstrapTable(out, rows);
}

namespace {

// Agreement on supervisor-wrong examples at the first evaluation at or after `fraction` of the
// run's steps; NaN without a curve.
double agreeWrongAt(const std::vector<EvalPoint>& curve, double fraction) {
  if (curve.empty()) return std::nan("");
  const double target = fraction * static_cast<double>(curve.back().step);
  for (const auto& p : curve) {
    if (static_cast<double>(p.step) >= target) return p.agreeWrong;
  }
  return curve.back().agreeWrong;
}

}  // namespace

void writeProbeComboTable(std::ostream& o, const RunStore& store, std::optional<int64_t> sweepId,
                          const std::vector<ReportRow>& rows) {
  // Ceiling-kind jobs of the combinations: (task, view, weak, strong, loss) -> ft(weak)+lp(gt)
  // accuracies over seeds; (task, strong) -> lp(gt).
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  std::map<Key, std::vector<double>> reprobe;
  std::map<std::pair<std::string, std::string>, std::vector<double>> lpGt;
  for (const auto& job : store.jobs(sweepId)) {
    if (job.kind != JobKind::Ceiling || job.status != JobStatus::Done) continue;
    const std::string method = job.labels.value("method", "");
    const std::string task = job.labels.value("task", "");
    const std::string strong = job.labels.value("strong_size", "");
    if (method == "lp(gt)") lpGt[{task, strong}].push_back(job.finalAcc);
    if (method == "ft(weak)+lp(gt)") {
      reprobe[{task, job.labels.value("view", ""), job.labels.value("weak_size", ""), strong,
               job.labels.value("loss", "")}]
          .push_back(job.finalAcc);
    }
  }
  if (reprobe.empty() && lpGt.empty()) return;
  std::map<Key, const ReportRow*> lpWeak;
  for (const auto& r : rows) {
    if (r.method == "lp(weak)") lpWeak[{r.task, r.view, r.weakSize, r.strongSize, r.loss}] = &r;
  }
  o << "\n"
    << wrapText(
           "probe/finetune combinations: test accuracy (means over seeds); lp = linear probe "
           "(head only, backbone frozen), ft = the sweep's training mode; (weak) trained on "
           "the weak labels, (gt) on ground truth; ft(weak)+lp(gt) = the ft(weak) student's "
           "backbone under a new head trained on ground truth",
           kProseWidth);
  TextTable table({"view", "weak", "strong", "loss", "weak", "lp(weak)", "ft(weak)",
                   "ft(weak)+lp(gt)", "lp(gt)", "ft(gt)"});
  for (const auto& r : rows) {
    if (r.method != "direct") continue;
    const Key key{r.task, r.view, r.weakSize, r.strongSize, r.loss};
    auto re = reprobe.find(key);
    auto lw = lpWeak.find(key);
    auto lg = lpGt.find({r.task, r.strongSize});
    if (re == reprobe.end() && lw == lpWeak.end()) continue;
    table.addRow({printableText(r.view), printableText(r.weakSize), printableText(r.strongSize),
                  printableText(r.loss), mean(r.weakAcc, 3),
                  lw == lpWeak.end() ? "-" : mean(lw->second->w2sAcc, 3), mean(r.w2sAcc, 3),
                  re == reprobe.end() ? "-" : mean(meanCi(re->second), 3),
                  lg == lpGt.end() ? "-" : mean(meanCi(lg->second), 3), mean(r.ceilingAcc, 3)});
  }
  table.write(o);
}

void writeErrorStructureTable(std::ostream& o, const RunStore& store,
                              std::optional<int64_t> sweepId, const std::vector<ReportRow>& rows) {
  using Key = std::tuple<std::string, std::string, std::string>;  // source, strong, loss
  std::map<Key, std::vector<std::vector<double>>> progress;       // per seed: 25/50/100%
  for (const auto& job : store.jobs(sweepId)) {
    if (job.kind != JobKind::Student || job.status != JobStatus::Done ||
        !job.labels.contains("label_source")) {
      continue;
    }
    const auto curve = store.curve(job.hash);
    const Key key{job.labels.value("weak_size", ""), job.labels.value("strong_size", ""),
                  job.labels.value("loss", "")};
    progress[key].push_back(
        {agreeWrongAt(curve, 0.25), agreeWrongAt(curve, 0.5), agreeWrongAt(curve, 1.0)});
  }
  if (progress.empty()) return;
  o << "\n"
    << wrapText(
           "error structure: synthetic supervisors of equal accuracy (means over seeds); "
           "agreement with the supervisor where it is wrong, over training",
           kProseWidth);
  TextTable table({"structure", "source", "strong", "loss", "label acc", "w2s acc", "PGR",
                   "agree(wrong) 25% / 50% / 100%"});
  for (const auto& r : rows) {
    auto it = progress.find({r.weakSize, r.strongSize, r.loss});
    if (it == progress.end() || r.weakParams != 0 || r.method != "direct") continue;
    std::string agree;
    for (size_t q = 0; q < 3; ++q) {
      std::vector<double> v;
      for (const auto& seed : it->second) v.push_back(seed[q]);
      agree += (q ? " / " : "") + mean(meanCi(v), 2);
    }
    table.addRow({printableText(r.view), printableText(r.weakSize), printableText(r.strongSize),
                  printableText(r.loss), mean(r.weakAcc, 3), mean(r.w2sAcc, 3),
                  formatPgrCell(r.pgrSeeds, 2, false), agree});
  }
  table.write(o);
}

void writeMisfitGainTables(std::ostream& o, const std::vector<StudentOutcome>& outcomes) {
  const std::vector<MisfitGainCell> cells = misfitGainByCell(outcomes);
  if (cells.empty()) return;
  auto num = [](double v, int decimals) {
    if (!std::isfinite(v)) return std::string("-");
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << v;
    return s.str();
  };
  o << "\n"
    << wrapText(
           "misfit and gain (docs/science.md), direct students on test: gain = how much closer "
           "to the truth the student is than its supervisor, misfit = how far it moved from "
           "the supervisor; gain >= misfit is proved for a student class that holds the truth. "
           "r: Pearson over students; slope: least squares of gain on misfit; >=: share of "
           "students with gain >= misfit. plain: accuracy gain vs disagreement rate",
           kProseWidth);
  const bool tasks = cells.front().task != cells.back().task;
  TextTable table({"view", "loss", "measure", "n", "misfit", "gain", "r", "slope", ">="});
  std::string task;
  for (const MisfitGainCell& c : cells) {
    if (tasks && c.task != task) table.addLine("task " + printableText(task = c.task));
    for (const auto& [name, f] : {std::pair<const char*, const GainFit&>{"squared", c.squared},
                                  {"KL", c.kl},
                                  {"plain", c.plain}}) {
      table.addRow({printableText(c.view), printableText(c.loss), name, std::to_string(f.n),
                    num(f.meanMisfit, 4), num(f.meanGain, 4), num(f.r, 2), num(f.slope, 2),
                    num(f.holds, 2)});
    }
  }
  table.write(o);

  const std::vector<SupervisorChoice> choices = chooseSupervisorsByMisfit(outcomes);
  if (choices.empty()) return;
  o << "\n"
    << wrapText(
           "choosing a supervisor without labels: per student size and seed, the weak models "
           "ranked by their students' squared misfit; rho: Spearman with the students' test "
           "accuracy (mean over sizes and seeds); picked best: how often the largest misfit "
           "has the most accurate student",
           kProseWidth);
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<SupervisorChoice>> byCell;
  for (const SupervisorChoice& c : choices) byCell[{c.task, c.view, c.loss}].push_back(c);
  TextTable ranking({"view", "loss", "sizes x seeds", "weak models", "rho", "picked best"});
  task.clear();
  for (const auto& [key, cell] : byCell) {
    const auto& [t, view, loss] = key;
    const ChoiceSummary s = summarizeChoices(cell);
    if (tasks && t != task) ranking.addLine("task " + printableText(task = t));
    ranking.addRow({printableText(view), printableText(loss), std::to_string(s.groups),
                    std::to_string(s.supervisors), num(s.rho, 2),
                    std::to_string(s.picked) + " of " + std::to_string(s.groups)});
  }
  ranking.write(o);
}

}  // namespace w2s
