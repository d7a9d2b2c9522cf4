#include "core/analysis/MisfitAnalysis.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "core/metrics/MisfitGain.h"

namespace w2s {

bool inMisfitAnalysis(const StudentOutcome& o) {
  return o.misfit && o.method == "direct" && o.chainSteps == 1 && o.labelSource.empty();
}

GainFit fitGain(const std::vector<double>& misfit, const std::vector<double>& gain) {
  GainFit f;
  f.n = static_cast<int>(misfit.size());
  if (f.n == 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    f.meanMisfit = f.meanGain = f.r = f.slope = f.holds = nan;
    return f;
  }
  int holds = 0;
  for (size_t i = 0; i < misfit.size(); ++i) {
    f.meanMisfit += misfit[i] / f.n;
    f.meanGain += gain[i] / f.n;
    holds += gain[i] >= misfit[i];
  }
  f.r = pearson(misfit, gain);
  f.slope = olsSlope(misfit, gain);
  f.holds = static_cast<double>(holds) / f.n;
  return f;
}

std::vector<MisfitGainCell> misfitGainByCell(const std::vector<StudentOutcome>& outcomes) {
  struct Columns {
    std::vector<double> misfitSq, gainSq, misfitKl, gainKl, disagree, accGain;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Columns> cells;
  for (const StudentOutcome& o : outcomes) {
    if (!inMisfitAnalysis(o)) continue;
    Columns& c = cells[{o.task, o.view, o.loss}];
    c.misfitSq.push_back(o.misfit->misfitSq);
    c.gainSq.push_back(o.misfit->gainSq);
    c.misfitKl.push_back(o.misfit->misfitKl);
    c.gainKl.push_back(o.misfit->gainKl);
    c.disagree.push_back(o.misfit->disagreement);
    c.accGain.push_back(o.misfit->accGain);
  }
  std::vector<MisfitGainCell> out;
  for (const auto& [key, c] : cells) {
    MisfitGainCell cell;
    std::tie(cell.task, cell.view, cell.loss) = key;
    cell.squared = fitGain(c.misfitSq, c.gainSq);
    cell.kl = fitGain(c.misfitKl, c.gainKl);
    cell.plain = fitGain(c.disagree, c.accGain);
    out.push_back(std::move(cell));
  }
  return out;
}

std::vector<SupervisorChoice> chooseSupervisorsByMisfit(
    const std::vector<StudentOutcome>& outcomes) {
  using Key = std::tuple<std::string, std::string, std::string, std::string, uint64_t>;
  std::map<Key, std::vector<const StudentOutcome*>> groups;
  for (const StudentOutcome& o : outcomes) {
    if (inMisfitAnalysis(o)) groups[{o.task, o.view, o.loss, o.strongSize, o.seed}].push_back(&o);
  }
  std::vector<SupervisorChoice> out;
  for (const auto& [key, members] : groups) {
    if (members.size() < 3) continue;
    SupervisorChoice c;
    std::tie(c.task, c.view, c.loss, c.strongSize, c.seed) = key;
    c.supervisors = static_cast<int>(members.size());
    std::vector<double> misfit, acc;
    for (const StudentOutcome* o : members) {
      misfit.push_back(o->misfit->misfitSq);
      acc.push_back(o->w2sAcc);
    }
    c.rho = spearman(misfit, acc);
    auto largest = [&](const std::vector<double>& v) {
      return members[static_cast<size_t>(std::max_element(v.begin(), v.end()) - v.begin())]
          ->weakSize;
    };
    c.byMisfit = largest(misfit);
    c.byAccuracy = largest(acc);
    out.push_back(std::move(c));
  }
  return out;
}

ChoiceSummary summarizeChoices(const std::vector<SupervisorChoice>& choices) {
  ChoiceSummary s;
  for (const SupervisorChoice& c : choices) {
    if (std::isfinite(c.rho)) {
      s.rho += c.rho;
      ++s.rhoN;
    }
    ++s.groups;
    s.picked += c.byMisfit == c.byAccuracy;
    s.supervisors = std::max(s.supervisors, c.supervisors);
  }
  s.rho = s.rhoN > 0 ? s.rho / s.rhoN : std::numeric_limits<double>::quiet_NaN();
  return s;
}

}  // namespace w2s
