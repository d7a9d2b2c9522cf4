#include "ui/charts/figures/SummaryFigure.h"

#include <algorithm>
#include <map>
#include <set>

#include "ui/charts/SeedBand.h"
#include "ui/charts/figures/SizeLines.h"

namespace w2s {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

double meanOf(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0.0 : sum / static_cast<double>(v.size());
}

struct Bar {
  QString kind;   ///< "weak", "naive", "best", "ceiling"
  QString label;  ///< legend text
  QColor color;
};

}  // namespace

ChartSpec SummaryFigure::build(const FigureData& data, const FigureOptions& options) {
  ChartSpec spec;
  spec.id = QStringLiteral("summary");
  spec.title = QStringLiteral("Weak, naive weak-to-strong, best method and ceiling");
  spec.xTitle = QStringLiteral("weak → strong");
  spec.yTitle = QStringLiteral("test accuracy");
  spec.emptyText = QStringLiteral("No finished student with its supervisor and ceiling yet.");
  spec.csv.header = {"task",   "view", "weak_size", "strong_size", "bar",
                     "method", "mean", "n",         "lo",          "hi"};

  FigureOptions o = options;
  o.loss.clear();  // the best method is chosen over every loss
  const auto outcomes = data.filtered(o);
  // No view chosen: the one that shows the sweep's result (FigureData::storyCut).
  std::string view = options.view.empty() ? data.storyCut().first : options.view;
  if (view.empty() && !data.views.empty()) view = data.views.front();

  // Per task: the pair with the largest gap among direct students of the chosen view.
  struct Pair {
    std::string weak, strong;
    int64_t weakParams = 0, strongParams = 0;
  };
  std::map<std::string, Pair> pairs;
  for (const auto* out : outcomes) {
    if (out->view != view || out->method != "direct") continue;
    Pair& p = pairs[out->task];
    const bool first = p.weak.empty();
    if (first || out->weakParams < p.weakParams ||
        (out->weakParams == p.weakParams && out->strongParams > p.strongParams)) {
      if (first || out->weakParams < p.weakParams) {
        p.weak = out->weakSize;
        p.weakParams = out->weakParams;
        p.strong = out->strongSize;
        p.strongParams = out->strongParams;
      } else {
        p.strong = out->strongSize;
        p.strongParams = out->strongParams;
      }
    }
  }
  if (pairs.empty()) return spec;

  const std::vector<Bar> bars = {
      {QStringLiteral("weak"), QStringLiteral("weak supervisor"), Palette::weakColor(0)},
      {QStringLiteral("naive"), QStringLiteral("naive (direct, xent)"), Palette::weakColor(1)},
      {QStringLiteral("best"), QStringLiteral("best method"), Palette::weakColor(2)},
      {QStringLiteral("ceiling"), QStringLiteral("strong ceiling"), Palette::ceilingColor(false)}};
  // Point-range, not bars: the four accuracies differ by a point or two near 0.8, which bars
  // from 0 hide and bars from a cut baseline exaggerate. A narrow band is the spread over seeds
  // (the band control's kind), the marker the mean.
  const double width = 0.05, spacing = 0.2;
  std::vector<SeriesSpec> barSeries(bars.size());
  for (size_t b = 0; b < bars.size(); ++b) {
    barSeries[b].kind = SeriesKind::Band;
    barSeries[b].name = bars[b].label + QStringLiteral(" spread");
    barSeries[b].color = bars[b].color;
    barSeries[b].opacity = 0.55;
    barSeries[b].inLegend = false;
    barSeries[b].group = static_cast<int>(b);
  }
  std::vector<SeriesSpec> tops(bars.size());  // markers on the bar tops: legend and tooltips
  const BandKind band = options.band == BandKind::None ? BandKind::Ci95 : options.band;
  int index = 0;
  for (const auto& [task, pair] : pairs) {
    std::map<std::string, std::vector<double>> byMethod;  // "loss+method" -> w2s accuracies
    std::vector<double> weak, ceiling;
    std::set<std::string> weakSeen, ceilingSeen;
    for (const auto* out : outcomes) {
      if (out->task != task || out->view != view || out->weakSize != pair.weak ||
          out->strongSize != pair.strong) {
        continue;
      }
      byMethod[methodName(out->loss, out->method)].push_back(out->w2sAcc);
      if (weakSeen.insert(out->weakHash).second) weak.push_back(out->weakAcc);
      if (ceilingSeen.insert(out->ceilingHash).second) ceiling.push_back(out->ceilingAcc);
    }
    std::string naive = byMethod.count("xent") ? "xent" : byMethod.begin()->first;
    std::string best = naive;
    for (const auto& [m, v] : byMethod) {
      if (meanOf(v) > meanOf(byMethod[best])) best = m;
    }
    const std::vector<std::pair<std::string, std::vector<double>>> values = {
        {"", weak}, {naive, byMethod[naive]}, {best, byMethod[best]}, {"", ceiling}};
    // One task: the title says which; the axis names the pair.
    const QString category =
        pairs.size() == 1
            ? QStringLiteral("%1 → %2").arg(q(pair.weak), q(pair.strong))
            : QStringLiteral("%1 · %2 → %3").arg(q(task), q(pair.weak), q(pair.strong));
    if (pairs.size() == 1) {
      spec.title += QStringLiteral(" (%1)").arg(q(task));
      tops[2].name = QStringLiteral("best on test: %1").arg(q(best));
    }
    spec.xCategories << category;
    for (size_t b = 0; b < bars.size(); ++b) {
      const SeedBand sb = SeedBand::of(values[b].second, band);
      const double h = sb.mean;
      const double x = index + (static_cast<double>(b) - 1.5) * spacing;
      const double x0 = x - width / 2, x1 = x + width / 2;
      SeriesSpec& s = barSeries[b];
      // Pinched between categories so one band series draws separate intervals.
      if (!s.points.isEmpty()) {
        s.points << QPointF(x0, h);
        s.lower << QPointF(x0, h);
      }
      s.points << QPointF(x0, sb.hi) << QPointF(x1, sb.hi) << QPointF(x1, h);
      s.lower << QPointF(x0, sb.lo) << QPointF(x1, sb.lo) << QPointF(x1, h);
      SeriesSpec& t = tops[b];
      t.points << QPointF(x, h);
      QString note = QStringLiteral("%1 · n = %2").arg(category).arg(values[b].second.size());
      if (sb.n > 1) {
        note += QStringLiteral(" · %1 [%2, %3]")
                    .arg(bandKindLabel(band), SizeLines::num(sb.lo), SizeLines::num(sb.hi));
      }
      if (!values[b].first.empty()) note += QStringLiteral(" · ") + q(values[b].first);
      t.pointNotes << note;
      spec.csv.rows.push_back({q(task), q(view), q(pair.weak), q(pair.strong), bars[b].kind,
                               q(values[b].first), SizeLines::num(h),
                               QString::number(values[b].second.size()), SizeLines::num(sb.lo),
                               SizeLines::num(sb.hi)});
    }
    if (best != naive) spec.notes << QStringLiteral("%1: best = %2").arg(q(task), q(best));
    if (index == 0) {
      spec.notes << QStringLiteral(
          "best = highest mean final test accuracy (chosen with ground "
          "truth: an upper bound)");
    }
    ++index;
  }
  for (size_t b = 0; b < bars.size(); ++b) {
    spec.series.push_back(std::move(barSeries[b]));
    SeriesSpec& t = tops[b];
    if (t.name.isEmpty()) t.name = bars[b].label;
    t.kind = SeriesKind::Scatter;
    t.color = bars[b].color;
    t.marker = Marker::Circle;
    t.markerPt = 5.0;
    t.group = static_cast<int>(b);
    spec.series.push_back(std::move(t));
  }
  spec.xRange = std::make_pair(-0.5, index - 0.5);
  // The y range fits the means and their spread (fittedRanges), not 0: say so.
  spec.notes << QStringLiteral("points: mean over seeds · bars: %1 · y axis does not start at 0")
                    .arg(bandKindLabel(band));
  if (!view.empty()) spec.notes << QStringLiteral("view %1").arg(q(view));
  return spec;
}

}  // namespace w2s
