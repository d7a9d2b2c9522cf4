#include "ui/charts/figures/CurvesFigure.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include "core/analysis/Smoothing.h"
#include "ui/charts/figures/SizeLines.h"

namespace w2s {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

// Names the drawn students by what tells them apart ("w4", "w8 · seed 1"); what they share
// goes into one note, so a paper-column legend is not five copies of "→ s64 · xent · seed 0".
CurvesFigure::StudentNames CurvesFigure::studentNames(const FigureData& data,
                                                      const std::vector<std::string>& hashes) {
  std::vector<const StudentInfo*> infos;
  for (const auto& h : hashes) {
    if (const StudentInfo* i = data.student(h); i && data.curves.count(h)) infos.push_back(i);
  }
  StudentNames out;
  if (infos.size() < 2) {
    for (const StudentInfo* i : infos) out.byHash[i->hash] = q(i->label());
    return out;
  }
  using Field = std::function<std::string(const StudentInfo&)>;
  const std::vector<std::pair<const char*, Field>> fields = {
      {"", [](const StudentInfo& i) { return i.weakSize; }},
      {"\u2192 ", [](const StudentInfo& i) { return i.strongSize; }},
      {"", [](const StudentInfo& i) { return i.loss; }},
      {"", [](const StudentInfo& i) { return i.view.empty() ? std::string("clean") : i.view; }},
      {"seed ", [](const StudentInfo& i) { return std::to_string(i.seed); }}};
  QStringList shared;
  std::vector<QStringList> parts(infos.size());
  for (const auto& [prefix, get] : fields) {
    std::set<std::string> values;
    for (const StudentInfo* i : infos) values.insert(get(*i));
    const bool varies = values.size() > 1;
    if (!varies) {
      if (get(*infos.front()) == "clean") continue;
      const QString p =
          std::string(prefix) == "\u2192 " ? QStringLiteral("strong ") : QString::fromUtf8(prefix);
      shared << p + q(*values.begin());
      continue;
    }
    for (size_t k = 0; k < infos.size(); ++k)
      parts[k] << QString::fromUtf8(prefix) + q(get(*infos[k]));
  }
  for (size_t k = 0; k < infos.size(); ++k)
    out.byHash[infos[k]->hash] = parts[k].join(QStringLiteral(" \u00b7 "));
  out.shared = shared.join(QStringLiteral(" \u00b7 "));
  return out;
}

SeriesSpec CurvesFigure::markerSeries(const QString& name, const QColor& color, Marker marker,
                                      int group) {
  SeriesSpec s;
  s.name = name;
  s.kind = SeriesKind::Scatter;
  s.color = color;
  s.marker = marker;
  s.markerPt = 6.0;
  s.inLegend = false;
  s.group = group;
  return s;
}

int CurvesFigure::addTrainingLine(ChartSpec& spec, const TrainingLine& l) {
  const int group = static_cast<int>(spec.series.size());
  SeriesSpec line;
  line.name = l.name;
  line.color = l.color;
  line.penStyle = l.penStyle;
  line.widthPt = 1.3;
  line.group = group;
  line.downsample = true;
  line.student = l.student;
  if (l.showRaw) {
    SeriesSpec faint = line;
    faint.name = l.name + QStringLiteral(" (raw)");
    faint.points = l.raw;
    faint.opacity = 0.28;
    faint.widthPt = 0.8;
    faint.penStyle = Qt::SolidLine;
    faint.inLegend = false;
    spec.series.push_back(std::move(faint));
  }
  line.points.reserve(l.raw.size());
  for (qsizetype i = 0; i < l.raw.size(); ++i) {
    line.points.append(QPointF(l.raw[i].x(), l.smooth[static_cast<size_t>(i)]));
  }
  spec.series.push_back(std::move(line));
  // Peak and final are read from the raw values: smoothing must not move them.
  const auto peak = std::max_element(
      l.raw.begin(), l.raw.end(), [](const QPointF& a, const QPointF& b) { return a.y() < b.y(); });
  SeriesSpec b =
      markerSeries(l.name + QLatin1Char(' ') + l.peakName, l.color, Marker::Triangle, group);
  b.points = {*peak};
  b.pointNotes = {l.peakNote};
  SeriesSpec f = markerSeries(l.name + QStringLiteral(" final"), l.color, Marker::Circle, group);
  f.points = {l.raw.back()};
  f.pointNotes = {l.finalNote};
  b.student = f.student = l.student;
  spec.series.push_back(std::move(b));
  spec.series.push_back(std::move(f));
  return group;
}

ChartSpec CurvesFigure::build(const FigureData& data, const FigureOptions& options) {
  ChartSpec spec;
  spec.id = QStringLiteral("curves");
  const bool train = options.curveY == CurveY::TrainGivenLabels;
  spec.title = train ? QStringLiteral("Training accuracy against the given labels")
                     : QStringLiteral("Test accuracy during training");
  const bool byEpoch = options.curveX == CurveX::Epoch;
  spec.xTitle = byEpoch ? QStringLiteral("epoch") : QStringLiteral("training step");
  spec.yTitle =
      train ? QStringLiteral("train acc. (given labels)") : QStringLiteral("test accuracy");
  spec.xFormat = byEpoch ? QStringLiteral("%.2f") : QStringLiteral("%.0f");
  spec.logY = options.logY;
  spec.emptyText =
      train ? QStringLiteral(
                  "These students have no training accuracy (trained before it was "
                  "recorded, or imported).")
            : QStringLiteral("Choose students that have evaluations (running or finished).");
  const QString yName = train ? QStringLiteral("train_acc") : QStringLiteral("test_acc");
  spec.csv.header = {
      "student", "hash",  "weak_size", "strong_size",       "loss",           "seed",
      "step",    "epoch", yName,       yName + "_smoothed", "supervisor_acc", "ceiling_acc"};
  auto yOf = [train](const EvalPoint& p) { return train ? p.trainAcc : p.testAcc; };
  const double w = std::clamp(options.smoothing, 0.0, 0.999);
  const std::vector<std::string>& hashes =
      options.students.empty() ? data.curveStudents : options.students;

  const StudentNames names = studentNames(data, hashes);
  double xMin = std::numeric_limits<double>::infinity(), xMax = -xMin;
  std::map<int, int> perWeak;  // students drawn per weak size: distinguishes them by dash
  std::map<std::string, std::pair<double, const StudentInfo*>> supervisors, ceilings;
  SeriesSpec bestLegend =
      markerSeries(QStringLiteral("best"), QColor(0x77, 0x77, 0x77), Marker::Triangle, -1);
  SeriesSpec finalLegend =
      markerSeries(QStringLiteral("final"), QColor(0x77, 0x77, 0x77), Marker::Circle, -1);
  for (const std::string& hash : hashes) {
    const StudentInfo* info = data.student(hash);
    auto it = data.curves.find(hash);
    if (!info || it == data.curves.end()) continue;
    QList<QPointF> raw;
    std::vector<double> acc;
    raw.reserve(static_cast<qsizetype>(it->second.size()));
    acc.reserve(it->second.size());
    for (const EvalPoint& p : it->second) {
      const double x = byEpoch ? p.epoch : static_cast<double>(p.step);
      if (!std::isfinite(x) || !std::isfinite(yOf(p))) continue;
      raw.append(QPointF(x, yOf(p)));
      acc.push_back(yOf(p));
    }
    if (raw.isEmpty()) continue;
    // Smoothing runs on every stored point, never on what the screen shows.
    const std::vector<double> smooth = w > 0 ? emaDebiased(acc, w) : acc;

    const int weakIdx = data.weakIndex(info->weakSize);
    TrainingLine l;
    l.name = names.byHash.at(hash);
    l.student = q(hash);
    l.color = Palette::weakColor(weakIdx);
    l.penStyle = Palette::penStyle(perWeak[weakIdx]++);
    l.raw = raw;
    l.smooth = smooth;
    l.showRaw = w > 0 && options.showRaw;
    l.peakName = QStringLiteral("best");
    l.peakNote = QStringLiteral("best");
    l.finalNote = QStringLiteral("final");
    addTrainingLine(spec, l);

    xMin = std::min(xMin, raw.front().x());
    xMax = std::max(xMax, raw.back().x());
    if (std::isfinite(info->supervisorAcc))
      supervisors[info->weakHash] = {info->supervisorAcc, info};
    if (std::isfinite(info->ceilingAcc)) ceilings[info->ceilingHash] = {info->ceilingAcc, info};
    const size_t n = options.table ? it->second.size() : 0;
    for (size_t i = 0, k = 0; i < n; ++i) {
      const EvalPoint& p = it->second[i];
      const double x = byEpoch ? p.epoch : static_cast<double>(p.step);
      if (!std::isfinite(x) || !std::isfinite(yOf(p))) continue;
      spec.csv.rows.push_back({q(info->label()), q(hash), q(info->weakSize), q(info->strongSize),
                               q(info->loss), QString::number(info->seed), QString::number(p.step),
                               SizeLines::num(p.epoch), SizeLines::num(yOf(p)),
                               SizeLines::num(smooth[k++]), SizeLines::num(info->supervisorAcc),
                               SizeLines::num(info->ceilingAcc)});
    }
  }
  if (spec.series.empty()) return spec;
  if (xMin == xMax) xMax = xMin + 1;

  for (const auto& [hash, v] : supervisors) {
    SeriesSpec s;
    s.name =
        QStringLiteral("supervisor %1 (%2)").arg(q(v.second->weakSize), SizeLines::num(v.first));
    s.points = {QPointF(xMin, v.first), QPointF(xMax, v.first)};
    s.color = Palette::weakColor(data.weakIndex(v.second->weakSize));
    s.penStyle = Qt::DotLine;
    s.widthPt = 1.0;
    spec.series.push_back(std::move(s));
  }
  for (const auto& [hash, v] : ceilings) {
    SeriesSpec s;
    s.name =
        QStringLiteral("ceiling %1 (%2)").arg(q(v.second->strongSize), SizeLines::num(v.first));
    s.points = {QPointF(xMin, v.first), QPointF(xMax, v.first)};
    s.color = Palette::ceilingColor(false);
    s.penStyle = Qt::DashDotLine;
    s.widthPt = 1.0;
    spec.series.push_back(std::move(s));
  }
  spec.series.push_back(std::move(bestLegend));
  spec.series.back().inLegend = true;
  spec.series.back().legendKey = true;
  spec.series.push_back(std::move(finalLegend));
  spec.series.back().inLegend = true;
  spec.series.back().legendKey = true;
  spec.xRange = std::make_pair(xMin, xMax);
  if (!names.shared.isEmpty()) spec.notes << QStringLiteral("students: ") + names.shared;
  if (train) {
    spec.notes << QStringLiteral(
        "accuracy against the labels each student trains on (its supervisor's, errors included) "
        "on its first 2,048 training examples; supervisor and ceiling lines are test accuracies");
  }
  if (w > 0) {
    spec.notes
        << QStringLiteral("de-biased EMA %1%2").arg(w).arg(options.showRaw ? " · raw faint" : "");
  }
  return spec;
}

}  // namespace w2s
