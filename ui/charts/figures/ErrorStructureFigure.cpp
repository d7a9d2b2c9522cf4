#include "ui/charts/figures/ErrorStructureFigure.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "ui/charts/figures/SizeLines.h"

namespace w2s {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

ChartSpec ErrorStructureFigure::build(const FigureData& data, const FigureOptions& options) {
  ChartSpec spec;
  spec.id = QStringLiteral("error-structure");
  spec.title = QStringLiteral("Imitation of the supervisor's errors during training");
  spec.xTitle = QStringLiteral("fraction of training");
  spec.yTitle = QStringLiteral("agreement | supervisor wrong");
  spec.xFormat = QStringLiteral("%.1f");
  spec.emptyText = QStringLiteral(
      "No students of synthetic supervisors: add \"label_sources\" to the sweep (error-structure "
      "studies).");
  spec.csv.header = {"label_source", "supervisor", "strong_size", "loss", "fraction", "step",
                     "agree_wrong_mean", "agree_all_mean", "n"};

  // The students to follow: one loss, the largest strong size among them.
  std::vector<const StudentInfo*> students;
  std::string loss = options.loss;
  for (const auto& s : data.students) {
    if (s.labelSource.empty() || !data.curves.count(s.hash) || data.curves.at(s.hash).empty())
      continue;
    if (!options.task.empty() && s.task != options.task) continue;
    if (loss.empty()) loss = s.loss;
    if (s.loss == loss) students.push_back(&s);
  }
  if (students.empty()) return spec;
  int64_t largest = 0;
  for (const auto* s : students) largest = std::max(largest, s->strongParams);
  std::string strong;
  // Per supervisor (its name, e.g. "flips75"): per evaluation index, agreements over seeds.
  struct Line {
    std::string source;
    std::vector<std::vector<double>> wrong, all;
    std::vector<double> fraction;
    std::vector<int64_t> steps;
  };
  std::map<std::string, Line> lines;
  for (const auto* s : students) {
    if (s->strongParams != largest) continue;
    strong = s->strongSize;
    const auto& curve = data.curves.at(s->hash);
    Line& line = lines[s->weakSize];
    line.source = s->labelSource;
    const double last = static_cast<double>(std::max<int64_t>(1, curve.back().step));
    if (line.wrong.size() < curve.size()) {
      line.wrong.resize(curve.size());
      line.all.resize(curve.size());
      line.fraction.resize(curve.size());
      line.steps.resize(curve.size());
    }
    for (size_t i = 0; i < curve.size(); ++i) {
      line.fraction[i] = static_cast<double>(curve[i].step) / last;
      line.steps[i] = curve[i].step;
      if (std::isfinite(curve[i].agreeWrong)) line.wrong[i].push_back(curve[i].agreeWrong);
      if (std::isfinite(curve[i].agreeAll)) line.all[i].push_back(curve[i].agreeAll);
    }
  }
  auto mean = [](const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? std::nan("") : sum / static_cast<double>(v.size());
  };
  int index = 0;
  for (const auto& [name, line] : lines) {
    SeriesSpec s;
    s.name = QStringLiteral("%1 (%2)").arg(q(name), q(line.source));
    s.color = Palette::weakColor(index);
    s.penStyle = Palette::penStyle(index);
    s.marker = Palette::marker(index);
    s.markerPt = 3.5;
    s.widthPt = 1.3;
    for (size_t i = 0; i < line.wrong.size(); ++i) {
      const double w = mean(line.wrong[i]);
      spec.csv.rows.push_back({q(name), q(line.source), q(strong), q(loss),
                               SizeLines::num(line.fraction[i]), QString::number(line.steps[i]),
                               SizeLines::num(w), SizeLines::num(mean(line.all[i])),
                               QString::number(line.wrong[i].size())});
      if (!std::isfinite(w)) continue;
      s.points.append(QPointF(line.fraction[i], w));
      s.pointNotes << QStringLiteral("step %1 · n = %2").arg(line.steps[i]).arg(line.wrong[i].size());
    }
    spec.series.push_back(std::move(s));
    ++index;
  }
  spec.xRange = std::make_pair(0.0, 1.0);
  spec.yRange = std::make_pair(0.0, 1.0);
  spec.notes << QStringLiteral("students %1 · %2").arg(q(strong), q(loss));
  return spec;
}

}  // namespace w2s
