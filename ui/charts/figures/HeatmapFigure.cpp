#include "ui/charts/figures/HeatmapFigure.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "ui/charts/SeedBand.h"
#include "ui/charts/figures/SizeLines.h"

namespace w2s {

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

ChartSpec HeatmapFigure::build(const FigureData& data, const FigureOptions& options) {
  ChartSpec spec;
  spec.id = QStringLiteral("heatmap");
  spec.xTitle = QStringLiteral("strong model");
  spec.yTitle = QStringLiteral("weak supervisor");
  spec.emptyText = QStringLiteral("No finished student with its supervisor and ceiling yet.");
  spec.csv.header = {"task",     "view", "loss", "weak_size", "strong_size",
                     "pgr_mean", "lo",   "hi",   "n",         "n_undefined"};
  // A grid shows one loss and one view: the filter's, else the first one the store has.
  FigureOptions o = options;
  // No loss or view chosen: the cut that shows the sweep's result (FigureData::storyCut).
  const auto [storyView, storyLoss] = data.storyCut();
  if (o.loss.empty())
    o.loss = !storyLoss.empty() ? storyLoss : data.losses.empty() ? "" : data.losses.front();
  if (o.view.empty())
    o.view = !storyView.empty() ? storyView : data.views.empty() ? "" : data.views.front();
  if (o.task.empty() && !data.tasks.empty()) o.task = data.tasks.front();
  spec.title = QStringLiteral("PGR, weak × strong size (%1, %2)").arg(q(o.loss), q(o.view));

  struct Cell {
    std::vector<double> values;
    int undefined = 0;
    std::vector<double> weak, w2s, ceiling;
    QStringList students;
  };
  std::map<std::pair<std::string, std::string>, Cell> cells;
  int otherMethods = 0;
  for (const auto* out : data.filtered(o)) {
    // One cell per pair: bootstrapped, s2s and probe students are other cells, not more seeds.
    if (out->method != "direct") {
      ++otherMethods;
      continue;
    }
    Cell& c = cells[{out->weakSize, out->strongSize}];
    c.students << q(out->studentHash);
    c.weak.push_back(out->weakAcc);
    c.w2s.push_back(out->w2sAcc);
    c.ceiling.push_back(out->ceilingAcc);
    if (out->pgr) {
      c.values.push_back(*out->pgr);
    } else {
      ++c.undefined;
    }
  }
  if (otherMethods > 0) spec.notes << QStringLiteral("direct students only");
  if (cells.empty()) return spec;

  HeatmapSpec h;
  h.valueName = QStringLiteral("PGR");
  std::vector<std::string> rows, cols;
  // Largest supervisor on top, as in a matrix read from the diagonal.
  for (auto it = data.weakSizes.rbegin(); it != data.weakSizes.rend(); ++it) {
    if (std::any_of(cells.begin(), cells.end(),
                    [&](const auto& c) { return c.first.first == *it; })) {
      rows.push_back(*it);
    }
  }
  for (const auto& s : data.strongSizes) {
    if (std::any_of(cells.begin(), cells.end(),
                    [&](const auto& c) { return c.first.second == s; })) {
      cols.push_back(s);
    }
  }
  double lo = 0.0, hi = 1.0;
  for (const auto& r : rows) {
    h.rows << q(r);
    for (const auto& c : cols) {
      auto it = cells.find({r, c});
      if (it == cells.end()) {
        h.values.push_back(std::nullopt);
        h.present.push_back(false);
        h.cellNotes << QStringLiteral("%1 → %2: not run").arg(q(r), q(c));
        h.cellStudents.emplace_back();
        continue;
      }
      // The ratio of mean gains over every seed, as the report computes it; an unstable cell
      // (gap within its noise) is shown as undefined rather than as a large number.
      const PgrAcrossSeeds p = pgrAcrossSeeds(it->second.weak, it->second.w2s, it->second.ceiling);
      SeedBand b = SeedBand::of(it->second.values, options.band);
      b.n = p.n;
      b.mean = p.ratio;
      if (options.band == BandKind::Ci95) {
        b.lo = std::isfinite(p.lo) ? p.lo : p.ratio;
        b.hi = std::isfinite(p.hi) ? p.hi : p.ratio;
      }
      h.present.push_back(true);
      h.cellStudents.push_back(it->second.students);
      QString note = QStringLiteral("%1 → %2: ").arg(q(r), q(c));
      if (p.n > 0 && p.unstable) {
        h.values.push_back(std::nullopt);
        note += QStringLiteral("PGR unstable (ceiling − supervisor %1 within its noise), n = %2")
                    .arg(SizeLines::num(p.gap))
                    .arg(p.n);
        h.cellNotes << note;
        spec.csv.rows.push_back({q(o.task), q(o.view), q(o.loss), q(r), q(c),
                                 QStringLiteral("unstable"), SizeLines::num(b.lo),
                                 SizeLines::num(b.hi), QString::number(b.n),
                                 QString::number(it->second.undefined)});
        continue;
      }
      if (b.n == 0 || !std::isfinite(b.mean)) {
        h.values.push_back(std::nullopt);
        note += QStringLiteral("PGR undefined (ceiling ≤ supervisor), %1 undefined")
                    .arg(it->second.undefined);
      } else {
        h.values.push_back(b.mean);
        lo = std::min(lo, b.mean);
        hi = std::max(hi, b.mean);
        note += QStringLiteral("PGR %1 · n = %2").arg(SizeLines::num(b.mean)).arg(b.n);
        if (b.n > 1 && options.band != BandKind::None) {
          note += QStringLiteral(" · %1 [%2, %3]")
                      .arg(bandKindLabel(options.band), SizeLines::num(b.lo), SizeLines::num(b.hi));
        }
        if (it->second.undefined > 0) {
          note += QStringLiteral(" · %1 undefined").arg(it->second.undefined);
        }
      }
      h.cellNotes << note;
      spec.csv.rows.push_back({q(o.task), q(o.view), q(o.loss), q(r), q(c),
                               b.n > 0 ? SizeLines::num(b.mean) : QStringLiteral("undefined"),
                               SizeLines::num(b.lo), SizeLines::num(b.hi), QString::number(b.n),
                               QString::number(it->second.undefined)});
    }
  }
  for (const auto& c : cols) h.cols << q(c);
  h.lo = lo;
  h.hi = hi;
  spec.heatmap = std::move(h);
  spec.notes << QStringLiteral(
      "(mean w2s − mean weak) / (mean ceiling − mean weak) over seeds · — undefined or unstable "
      "(ceiling − supervisor below 0.01 or twice its standard error)");
  return spec;
}

}  // namespace w2s
