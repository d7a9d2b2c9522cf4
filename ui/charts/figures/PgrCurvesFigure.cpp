#include "ui/charts/figures/PgrCurvesFigure.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/analysis/Smoothing.h"
#include "core/analysis/Stats.h"
#include "ui/charts/figures/CurvesFigure.h"
#include "ui/charts/figures/SizeLines.h"

namespace w2s {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

ChartSpec PgrCurvesFigure::build(const FigureData& data, const FigureOptions& options) {
  ChartSpec spec;
  spec.id = QStringLiteral("pgr-curves");
  spec.title = QStringLiteral("PGR over training");
  const bool byEpoch = options.curveX == CurveX::Epoch;
  spec.xTitle = byEpoch ? QStringLiteral("epoch") : QStringLiteral("training step");
  spec.yTitle = QStringLiteral("PGR (test accuracy)");
  spec.xFormat = byEpoch ? QStringLiteral("%.2f") : QStringLiteral("%.0f");
  spec.emptyText = QStringLiteral(
      "Choose students whose supervisor and ceiling have finished (figure 1's student list).");
  spec.csv.header = {"student",      "hash",           "weak_size",  "strong_size", "loss",
                     "seed",         "step",           "epoch",      "test_acc",    "pgr",
                     "pgr_smoothed", "supervisor_acc", "ceiling_acc"};
  const double w = std::clamp(options.smoothing, 0.0, 0.999);
  const std::vector<std::string>& hashes =
      options.students.empty() ? data.curveStudents : options.students;
  const CurvesFigure::StudentNames names = CurvesFigure::studentNames(data, hashes);

  double xMin = std::numeric_limits<double>::infinity(), xMax = -xMin;
  std::map<int, int> perWeak;
  int waiting = 0, unstable = 0;
  for (const std::string& hash : hashes) {
    const StudentInfo* info = data.student(hash);
    auto it = data.curves.find(hash);
    if (!info || it == data.curves.end() || it->second.empty()) continue;
    const double sup = info->supervisorAcc, ceil = info->ceilingAcc;
    if (!std::isfinite(sup) || !std::isfinite(ceil)) {
      ++waiting;
      continue;
    }
    // The same floor as the report's unstable cells: a gap of seed noise makes the ratio noise.
    if (ceil - sup < kPgrGapFloor) {
      ++unstable;
      continue;
    }
    QList<QPointF> raw;
    std::vector<double> pgr;
    for (const EvalPoint& p : it->second) {
      const double x = byEpoch ? p.epoch : static_cast<double>(p.step);
      if (!std::isfinite(x) || !std::isfinite(p.testAcc)) continue;
      pgr.push_back((p.testAcc - sup) / (ceil - sup));
      raw.append(QPointF(x, pgr.back()));
    }
    if (raw.isEmpty()) continue;
    const std::vector<double> smooth = w > 0 ? emaDebiased(pgr, w) : pgr;

    const int weakIdx = data.weakIndex(info->weakSize);
    const double peak = *std::max_element(pgr.begin(), pgr.end());
    CurvesFigure::TrainingLine l;
    l.name = names.byHash.count(hash) ? names.byHash.at(hash) : q(info->label());
    l.student = q(hash);
    l.color = Palette::weakColor(weakIdx);
    l.penStyle = Palette::penStyle(perWeak[weakIdx]++);
    l.raw = raw;
    l.smooth = smooth;
    l.showRaw = w > 0 && options.showRaw;
    l.peakName = QStringLiteral("peak");
    l.peakNote = QStringLiteral("peak PGR %1").arg(SizeLines::num(peak));
    l.finalNote = QStringLiteral("final PGR %1 · %2 below its peak")
                      .arg(SizeLines::num(pgr.back()), SizeLines::num(peak - pgr.back()));
    CurvesFigure::addTrainingLine(spec, l);
    xMin = std::min(xMin, raw.front().x());
    xMax = std::max(xMax, raw.back().x());

    const size_t n = options.table ? it->second.size() : 0;
    for (size_t i = 0, k = 0; i < n; ++i) {
      const EvalPoint& p = it->second[i];
      const double x = byEpoch ? p.epoch : static_cast<double>(p.step);
      if (!std::isfinite(x) || !std::isfinite(p.testAcc)) continue;
      spec.csv.rows.push_back({q(info->label()), q(hash), q(info->weakSize), q(info->strongSize),
                               q(info->loss), QString::number(info->seed), QString::number(p.step),
                               SizeLines::num(p.epoch), SizeLines::num(p.testAcc),
                               SizeLines::num(pgr[k]), SizeLines::num(smooth[k]),
                               SizeLines::num(sup), SizeLines::num(ceil)});
      ++k;
    }
  }
  if (waiting > 0) {
    spec.notes << QStringLiteral("%1 student(s) wait for their supervisor or ceiling").arg(waiting);
  }
  if (unstable > 0) {
    spec.notes << QStringLiteral("%1 student(s) left out: ceiling − supervisor below %2")
                      .arg(unstable)
                      .arg(kPgrGapFloor);
  }
  if (spec.series.empty()) return spec;
  if (xMin == xMax) xMax = xMin + 1;
  SizeLines::addReference(spec, 0.0, xMin, xMax, QStringLiteral("supervisor (PGR 0)"));
  SizeLines::addReference(spec, 1.0, xMin, xMax, QStringLiteral("ceiling (PGR 1)"));
  for (auto [label, shape] :
       {std::make_pair("peak", Marker::Triangle), std::make_pair("final", Marker::Circle)}) {
    SeriesSpec legend =
        CurvesFigure::markerSeries(QString::fromLatin1(label), QColor(0x77, 0x77, 0x77), shape, -1);
    legend.inLegend = true;
    legend.legendKey = true;
    spec.series.push_back(std::move(legend));
  }
  spec.xRange = std::make_pair(xMin, xMax);
  spec.notes.prepend(
      QStringLiteral("PGR = (accuracy − supervisor's final) / (ceiling's final − supervisor's "
                     "final): 0 = supervisor, 1 = ceiling"));
  if (!names.shared.isEmpty()) spec.notes << QStringLiteral("students: ") + names.shared;
  if (w > 0) {
    spec.notes
        << QStringLiteral("de-biased EMA %1%2").arg(w).arg(options.showRaw ? " · raw faint" : "");
  }
  return spec;
}

}  // namespace w2s
