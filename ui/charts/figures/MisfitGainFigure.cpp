#include "ui/charts/figures/MisfitGainFigure.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/analysis/MisfitAnalysis.h"
#include "ui/charts/figures/SizeLines.h"

namespace w2s {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

ChartSpec MisfitGainFigure::build(const FigureData& data, const FigureOptions& options,
                                  Measure measure) {
  const bool sq = measure == Measure::Squared;
  ChartSpec spec;
  spec.id = sq ? QStringLiteral("misfit-gain") : QStringLiteral("misfit-gain-kl");
  spec.title =
      sq ? QStringLiteral("Gain vs misfit (squared loss)") : QStringLiteral("Gain vs misfit (KL)");
  spec.xTitle =
      sq ? QStringLiteral("misfit E‖f_sw − f_w‖²") : QStringLiteral("misfit E KL(f_sw ‖ f_w)");
  spec.yTitle = QStringLiteral("gain over supervisor");
  spec.xFormat = spec.yFormat = QStringLiteral("%.3f");
  spec.emptyText = QStringLiteral(
      "No direct student with stored test probabilities of itself and its supervisor yet.");
  spec.csv.header = {"student", "hash", "task",   "view", "weak_size",    "strong_size",
                     "loss",    "seed", "misfit", "gain", "disagreement", "accuracy_gain"};
  std::vector<StudentOutcome> used;
  std::vector<double> x, y;  // misfit and gain of `used`
  std::map<int, SeriesSpec> byWeak;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  std::vector<const StudentOutcome*> shown;
  std::set<std::string> weakSizes;
  for (const StudentOutcome* o : data.filtered(options)) {
    if (!inMisfitAnalysis(*o)) continue;
    shown.push_back(o);
    weakSizes.insert(o->weakSize);
  }
  // One supervisor: the points are told apart by their student's size instead.
  const bool byStrong = weakSizes.size() == 1;
  for (const StudentOutcome* o : shown) {
    const double misfit = sq ? o->misfit->misfitSq : o->misfit->misfitKl;
    const double gain = sq ? o->misfit->gainSq : o->misfit->gainKl;
    if (!std::isfinite(misfit) || !std::isfinite(gain)) continue;
    used.push_back(*o);
    x.push_back(misfit);
    y.push_back(gain);
    const StudentInfo* info = data.student(o->studentHash);
    const QString name =
        info ? q(info->label()) : q(o->weakSize + " → " + o->strongSize + " · " + o->loss);
    spec.csv.rows.push_back(
        {name, q(o->studentHash), q(o->task), q(o->view), q(o->weakSize), q(o->strongSize),
         q(o->loss), QString::number(o->seed), SizeLines::num(misfit), SizeLines::num(gain),
         SizeLines::num(o->misfit->disagreement), SizeLines::num(o->misfit->accGain)});
    const auto strong = std::find(data.strongSizes.begin(), data.strongSizes.end(), o->strongSize);
    SeriesSpec& s =
        byStrong ? SizeLines::scatter(byWeak, static_cast<int>(strong - data.strongSizes.begin()),
                                      q(o->weakSize + " → " + o->strongSize), 4.5)
                 : SizeLines::weakScatter(byWeak, data, o->weakSize, 4.5);
    s.points.append(QPointF(misfit, gain));
    s.pointStudents.push_back({q(o->studentHash)});
    s.pointNotes << QStringLiteral("%1 · disagrees on %2% · accuracy %3%4")
                        .arg(name)
                        .arg(100.0 * o->misfit->disagreement, 0, 'f', 1)
                        .arg(o->misfit->accGain >= 0 ? QStringLiteral("+") : QString())
                        .arg(SizeLines::num(o->misfit->accGain));
    lo = std::min({lo, misfit, gain});
    hi = std::max({hi, misfit, gain});
  }
  for (auto& [idx, s] : byWeak) spec.series.push_back(std::move(s));
  if (used.empty()) return spec;
  SizeLines::addDiagonal(spec, std::min(lo, 0.0), hi, 0.01, QStringLiteral("gain = misfit"));

  const GainFit fit = fitGain(x, y);
  auto two = [](double v) {
    return std::isfinite(v) ? QString::number(v, 'f', 2) : QStringLiteral("—");
  };
  spec.notes << QStringLiteral("%1 students · r = %2 · slope %3 · on or above the line: %4%")
                    .arg(fit.n)
                    .arg(two(fit.r), two(fit.slope))
                    .arg(100.0 * fit.holds, 0, 'f', 0);
  const ChoiceSummary choices = summarizeChoices(chooseSupervisorsByMisfit(used));
  if (choices.rhoN > 0) {
    spec.notes << QStringLiteral(
                      "weak models ranked by squared misfit vs student accuracy: Spearman %1 "
                      "(mean of %2) · largest misfit = best student in %3 of %4")
                      .arg(two(choices.rho))
                      .arg(choices.rhoN)
                      .arg(choices.picked)
                      .arg(choices.groups);
  }
  return spec;
}

}  // namespace w2s
