#include "ui/charts/figures/SizeLines.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "core/analysis/Stats.h"
#include "ui/charts/SeedBand.h"

namespace w2s {

namespace {

using GroupKey = std::tuple<std::string, std::string, int, std::string, std::string, std::string>;

QString q(const std::string& s) { return QString::fromStdString(s); }

// Series names carry only the parts that vary in this figure (weak size always).
struct Varying {
  bool task = false, view = false, loss = false, variant = false;
  bool family = false, method = false;
  std::vector<std::string> variants;  ///< sorted, for a stable line style per variant
};

// What splits students of one size into different lines: the strong model's variant (family,
// pretrained or not) and the method that made the student (direct, bootstrap, lp(weak), ...),
// each only when it differs within the figure.
std::string lineVariant(const StudentOutcome& o, bool family, bool method) {
  std::string v = family ? o.strongVariant : std::string();
  if (method) v += (v.empty() ? "" : " \u00b7 ") + o.method;
  return v;
}

Varying varying(const std::vector<const StudentOutcome*>& outcomes) {
  std::set<std::string> tasks, views, losses, families, methods;
  for (const auto* o : outcomes) {
    tasks.insert(o->task);
    views.insert(o->view);
    losses.insert(o->loss);
    families.insert(o->strongVariant);
    methods.insert(o->method);
  }
  Varying v;
  v.task = tasks.size() > 1;
  v.view = views.size() > 1;
  v.loss = losses.size() > 1;
  v.family = families.size() > 1;
  v.method = methods.size() > 1;
  v.variant = v.family || v.method;
  std::set<std::string> variants;
  for (const auto* o : outcomes) variants.insert(lineVariant(*o, v.family, v.method));
  v.variants.assign(variants.begin(), variants.end());
  return v;
}

}  // namespace

QString SizeLines::num(double v) {
  if (!std::isfinite(v)) return {};
  return QString::number(v, 'g', 4);
}

std::pair<double, double> SizeLines::xSpan(const ChartSpec& spec) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& s : spec.series) {
    for (const auto& p : s.points) {
      lo = std::min(lo, p.x());
      hi = std::max(hi, p.x());
    }
  }
  if (!(lo <= hi)) return {0.0, 1.0};
  return {lo, hi};
}

void SizeLines::addReference(ChartSpec& spec, double y, double x0, double x1, const QString& name) {
  SeriesSpec s;
  s.name = name;
  s.points = {QPointF(x0, y), QPointF(x1, y)};
  s.color = QColor(0x99, 0x99, 0x99);
  s.penStyle = Qt::DashLine;
  s.widthPt = 0.7;
  s.inLegend = false;
  spec.series.push_back(std::move(s));
}

SeriesSpec& SizeLines::scatter(std::map<int, SeriesSpec>& series, int index, const QString& name,
                               double markerPt) {
  SeriesSpec& s = series[index];
  if (s.name.isEmpty()) {
    s.name = name;
    s.kind = SeriesKind::Scatter;
    s.color = Palette::weakColor(index);
    s.marker = Palette::marker(index);
    s.markerPt = markerPt;
  }
  return s;
}

SeriesSpec& SizeLines::weakScatter(std::map<int, SeriesSpec>& byWeak, const FigureData& data,
                                   const std::string& weakSize, double markerPt) {
  return scatter(byWeak, data.weakIndex(weakSize),
                 QStringLiteral("weak ") + QString::fromStdString(weakSize), markerPt);
}

void SizeLines::addDiagonal(ChartSpec& spec, double lo, double hi, double minPad,
                            const QString& name) {
  if (lo > hi) return;
  const double pad = std::max(minPad, 0.05 * (hi - lo));
  addReference(spec, 0, lo - pad, hi + pad, name);
  spec.series.back().points = {QPointF(lo - pad, lo - pad), QPointF(hi + pad, hi + pad)};
  spec.xRange = std::make_pair(lo - pad, hi + pad);
  spec.yRange = spec.xRange;
}

int SizeLines::add(ChartSpec& spec, const FigureData& data,
                   const std::vector<const StudentOutcome*>& outcomes, const SizeLineRequest& req,
                   int* unstable) {
  if (spec.csv.header.isEmpty()) {
    spec.csv.header = {"series", "task", "view", "weak_size", "strong_size", "loss", "metric",
                       "x_name", "x",    "mean", "lo",        "hi",          "n",    "n_undefined"};
  }
  const Varying vary = varying(outcomes);
  // Group by line, then by x value (one point per strong size).
  struct Cell {
    std::vector<double> values;
    int undefined = 0;
    std::string strongSize;
    std::vector<double> weak, w2s, ceiling;  // pgrParts
    QStringList students;                    // every seed's student, for linked views
  };
  std::map<GroupKey, std::map<double, Cell>> lines;
  for (const auto* o : outcomes) {
    const double x = req.x(*o);
    if (!std::isfinite(x)) continue;
    // Pretrained and scratch students of one size share an x: they are separate lines, not
    // seeds of one mean.
    const GroupKey key{o->task,     o->view, data.weakIndex(o->weakSize),
                       o->weakSize, o->loss, lineVariant(*o, vary.family, vary.method)};
    Cell& cell = lines[key][x];
    cell.strongSize = o->strongSize;
    cell.students << q(o->studentHash);
    if (req.pgrParts) {
      const auto [weak, w2s, ceiling] = req.pgrParts(*o);
      cell.weak.push_back(weak);
      cell.w2s.push_back(w2s);
      cell.ceiling.push_back(ceiling);
    }
    const std::optional<double> y = req.y(*o);
    if (!y) {
      ++cell.undefined;
    } else {
      cell.values.push_back(*y);
    }
  }

  int undefinedTotal = 0;
  for (const auto& [key, cells] : lines) {
    const auto& [task, view, weakIdx, weakSize, loss, variant] = key;
    QString name = q(weakSize);
    if (vary.variant)
      name += QStringLiteral(" · ") + (variant.empty() ? QStringLiteral("other") : q(variant));
    if (vary.loss) name += QStringLiteral(" · ") + q(loss);
    if (vary.view) name += QStringLiteral(" · ") + q(view);
    if (vary.task) name += QStringLiteral(" · ") + q(task);
    name += req.suffix;

    SeriesSpec line;
    line.color = Palette::weakColor(weakIdx);
    const int variantIdx = static_cast<int>(
        std::find(vary.variants.begin(), vary.variants.end(), variant) - vary.variants.begin());
    // Colour: weak size. Line style: loss, or the variant when the loss is the same for all.
    // Marker: the variant when the line style already shows the loss.
    const bool styleByVariant = vary.variant && !vary.loss;
    const bool markerByVariant = vary.variant && vary.loss && !req.markerByLoss;
    line.penStyle = req.penStyle
                        ? *req.penStyle
                        : Palette::penStyle(styleByVariant ? variantIdx : data.lossIndex(loss));
    line.marker = markerByVariant    ? Palette::marker(variantIdx)
                  : req.markerByLoss ? Palette::marker(data.lossIndex(loss))
                                     : Palette::marker(weakIdx);
    line.widthPt = req.widthPt;
    line.group = static_cast<int>(spec.series.size());
    SeriesSpec band;
    band.kind = SeriesKind::Band;
    band.color = line.color;
    band.opacity = 0.18;
    band.inLegend = false;
    band.group = line.group;

    int undefined = 0;
    for (const auto& [x, cell] : cells) {
      SeedBand b = SeedBand::of(cell.values, req.band);
      int cellUndefined = cell.undefined;
      bool cellUnstable = false;
      if (req.pgrParts) {
        // The ratio of mean gains over every seed: seeds with ceiling <= weak count in it.
        const PgrAcrossSeeds p = pgrAcrossSeeds(cell.weak, cell.w2s, cell.ceiling);
        cellUnstable = p.n > 0 && p.unstable;
        b.n = p.n;
        b.mean = p.ratio;
        if (req.band == BandKind::Ci95) {
          b.lo = std::isfinite(p.lo) ? p.lo : p.ratio;
          b.hi = std::isfinite(p.hi) ? p.hi : p.ratio;
        }
        cellUndefined = 0;
      }
      if (req.bounds && b.n > 0) {
        b.lo = std::max(b.lo, req.bounds->first);
        b.hi = std::min(b.hi, req.bounds->second);
      }
      undefined += cellUndefined;
      const int seeds = b.n + cellUndefined;
      spec.csv.rows.push_back({name, q(task), q(view), q(weakSize), q(cell.strongSize), q(loss),
                               req.metric, req.xName, num(x),
                               cellUnstable ? QStringLiteral("unstable")
                               : b.n > 0    ? num(b.mean)
                                            : QStringLiteral("undefined"),
                               num(b.lo), num(b.hi), QString::number(b.n),
                               QString::number(cellUndefined)});
      if (cellUnstable) {
        if (unstable) ++*unstable;
        continue;  // its gap is within its noise: no number to draw
      }
      if (b.n == 0 || !std::isfinite(b.mean)) continue;  // every seed undefined: not drawn
      line.points.append(QPointF(x, b.mean));
      QString note = QStringLiteral("%1 · n = %2").arg(q(cell.strongSize)).arg(seeds);
      if (b.n > 1 && req.band != BandKind::None) {
        note += QStringLiteral(" · %1 [%2, %3]").arg(bandKindLabel(req.band), num(b.lo), num(b.hi));
      }
      if (cellUndefined > 0) note += QStringLiteral(" · %1 undefined").arg(cellUndefined);
      line.pointNotes << note;
      line.pointStudents.push_back(cell.students);
      band.points.append(QPointF(x, b.hi));
      band.lower.append(QPointF(x, b.lo));
    }
    undefinedTotal += undefined;
    if (undefined > 0) name += QStringLiteral(" (%1 undefined)").arg(undefined);
    line.name = name;
    band.name = name + QStringLiteral(" band");
    const bool hasSpread =
        std::any_of(band.points.begin(), band.points.end(), [&](const QPointF& p) {
          const qsizetype i = &p - band.points.data();
          return p.y() != band.lower[i].y();
        });
    if (req.band != BandKind::None && hasSpread) spec.series.push_back(std::move(band));
    spec.series.push_back(std::move(line));
  }
  return undefinedTotal;
}

}  // namespace w2s
