#include "ui/charts/Facets.h"

#include <QRegularExpression>
#include <algorithm>
#include <functional>
#include <set>
#include <tuple>

namespace w2s {

namespace {

struct SplitName {
  AgreementSplit split;
  const char* name;
};
constexpr SplitName kSplits[] = {{AgreementSplit::All, "all"},
                                 {AgreementSplit::SupervisorRight, "supervisor right"},
                                 {AgreementSplit::SupervisorWrong, "supervisor wrong"}};

FigureOptions restricted(FigureOptions o, FacetBy dim, const QString& value) {
  const std::string v = value.toStdString();
  switch (dim) {
    case FacetBy::View:
      o.view = v;
      break;
    case FacetBy::Loss:
      o.loss = v;
      break;
    case FacetBy::Task:
      o.task = v;
      break;
    case FacetBy::Split:
      for (const SplitName& s : kSplits) {
        if (value == QLatin1String(s.name)) o.split = s.split;
      }
      break;
    case FacetBy::None:
      break;
  }
  return o;
}

QString panelLabel(FacetBy dim, const QString& value) {
  switch (dim) {
    case FacetBy::View:
      return QStringLiteral("view ") + value;
    case FacetBy::Loss:
      return QStringLiteral("loss ") + value;
    case FacetBy::Task:
      return value;
    case FacetBy::Split:
      return value == QLatin1String("all") ? QStringLiteral("all examples") : value;
    case FacetBy::None:
      break;
  }
  return QString();
}

// A count of undefined values belongs to one panel's line, not to the legend entry.
QString withoutCounts(QString name) {
  static const QRegularExpression undefinedCount(QStringLiteral("\\s*\\(\\d+ undefined\\)"));
  return name.remove(undefinedCount);
}

// The legend series of `spec` and its panels, first of each name.
void collectLegend(const ChartSpec& spec, std::set<QString>* seen, std::vector<SeriesSpec>* out) {
  for (const SeriesSpec& s : spec.series) {
    if (!s.listed()) continue;
    if (seen->insert(withoutCounts(s.name)).second) out->push_back(s);
  }
  for (const ChartSpec& p : spec.panels) collectLegend(p, seen, out);
}

QStringList distinctInOrder(const std::vector<std::string>& order,
                            const std::set<std::string>& present) {
  QStringList out;
  for (const std::string& v : order) {
    if (present.count(v)) out << QString::fromStdString(v);
  }
  return out;
}

struct Grid {
  FacetBy rows = FacetBy::None, cols = FacetBy::None;
  QStringList rowValues{QString()}, colValues{QString()};
  int panels() const { return static_cast<int>(rowValues.size() * colValues.size()); }
};

Grid gridOf(FacetBy rows, FacetBy cols, const FigureData& data, const FigureOptions& options) {
  Grid g;
  g.rows = rows;
  g.cols = cols;
  if (rows != FacetBy::None) g.rowValues = Facets::values(rows, data, options);
  if (cols != FacetBy::None) g.colValues = Facets::values(cols, data, options);
  return g;
}

std::vector<ChartSpec> buildPanels(const FigureInfo& figure, const FigureData& data,
                                   const FigureOptions& options, const Grid& g) {
  std::vector<ChartSpec> panels;
  for (const QString& r : g.rowValues) {
    for (const QString& c : g.colValues) {
      const FigureOptions o = restricted(restricted(options, g.rows, r), g.cols, c);
      ChartSpec p = figure.build(data, o);
      QStringList label;
      if (g.rows != FacetBy::None) label << panelLabel(g.rows, r);
      if (g.cols != FacetBy::None) label << panelLabel(g.cols, c);
      p.id = label.join(QStringLiteral(" · "));  // the panel's cut, as its title shows it
      panels.push_back(std::move(p));
    }
  }
  return panels;
}

}  // namespace

std::vector<FacetBy> Facets::dimensions(const FigureInfo& figure) {
  std::vector<FacetBy> out;
  if (figure.controls & kFacetView) out.push_back(FacetBy::View);
  if (figure.controls & kFacetLoss) out.push_back(FacetBy::Loss);
  if (figure.controls & kFacetTask) out.push_back(FacetBy::Task);
  if (figure.controls & kFacetSplit) out.push_back(FacetBy::Split);
  return out;
}

QStringList Facets::values(FacetBy dim, const FigureData& data, const FigureOptions& options) {
  if (dim == FacetBy::Split) {
    QStringList out;
    for (const SplitName& s : kSplits) {
      if (options.split == AgreementSplit::Every || options.split == s.split) {
        out << QLatin1String(s.name);
      }
    }
    return out;
  }
  std::set<std::string> present;
  for (const StudentOutcome* o : data.filtered(options)) {
    present.insert(dim == FacetBy::View ? o->view : dim == FacetBy::Loss ? o->loss : o->task);
  }
  switch (dim) {
    case FacetBy::View:
      return distinctInOrder(data.views, present);
    case FacetBy::Loss:
      return distinctInOrder(data.losses, present);
    case FacetBy::Task:
      return distinctInOrder(data.tasks, present);
    default:
      return {};
  }
}

int Facets::legendEntries(const ChartSpec& spec) {
  // By name, not by look: lines of two views may share colour and style, and a reader cannot
  // tell them apart then however few looks the legend has.
  std::set<QString> names;
  std::function<void(const ChartSpec&)> add = [&](const ChartSpec& s) {
    for (const SeriesSpec& series : s.series) {
      if (series.inLegend) names.insert(withoutCounts(series.name));
    }
    for (const ChartSpec& p : s.panels) add(p);
  };
  add(spec);
  return static_cast<int>(names.size());
}

std::vector<SeriesSpec> Facets::sharedLegend(const ChartSpec& spec) {
  std::set<QString> seen;
  std::vector<SeriesSpec> out;
  collectLegend(spec, &seen, &out);
  for (SeriesSpec& s : out) s.name = withoutCounts(s.name);
  return out;
}

std::pair<FacetBy, FacetBy> Facets::choose(const FigureInfo& figure, const FigureData& data,
                                           const FigureOptions& options) {
  FigureOptions o = options;
  o.table = false;
  std::vector<FacetBy> dims;
  for (FacetBy d : dimensions(figure)) {
    if (values(d, data, o).size() >= 2) dims.push_back(d);
  }
  if (dims.empty() || legendEntries(figure.build(data, o)) <= kMaxLegendEntries) {
    return {FacetBy::None, FacetBy::None};
  }
  std::vector<std::pair<FacetBy, FacetBy>> candidates;
  for (FacetBy d : dims) candidates.emplace_back(FacetBy::None, d);
  for (size_t i = 0; i < dims.size(); ++i) {
    for (size_t j = i + 1; j < dims.size(); ++j) candidates.emplace_back(dims[i], dims[j]);
  }
  // Fewest panels whose every legend fits; failing that, the smallest largest legend.
  std::tuple<int, int, size_t> best{2, 0, 0};
  std::pair<FacetBy, FacetBy> choice{FacetBy::None, FacetBy::None};
  for (size_t k = 0; k < candidates.size(); ++k) {
    const Grid g = gridOf(candidates[k].first, candidates[k].second, data, o);
    if (g.panels() > kMaxPanels) continue;
    int largest = 0;
    for (const ChartSpec& p : buildPanels(figure, data, o, g)) {
      largest = std::max(largest, legendEntries(p));
    }
    const bool fits = largest <= kMaxLegendEntries;
    const std::tuple<int, int, size_t> score{fits ? 0 : 1, fits ? g.panels() : largest, k};
    if (score < best) {
      best = score;
      choice = candidates[k];
    }
  }
  return choice;
}

ChartSpec Facets::build(const FigureInfo& figure, const FigureData& data,
                        const FigureOptions& options) {
  const std::vector<FacetBy> dims = dimensions(figure);
  auto supported = [&dims](FacetBy d) {
    return d != FacetBy::None && std::find(dims.begin(), dims.end(), d) != dims.end();
  };
  FacetBy rows = options.facetRows, cols = options.facetCols;
  if (options.facetAuto) std::tie(rows, cols) = choose(figure, data, options);
  if (!supported(rows)) rows = FacetBy::None;
  if (!supported(cols)) cols = FacetBy::None;
  if (rows == cols) rows = FacetBy::None;
  if (cols == FacetBy::None) std::swap(rows, cols);
  const Grid g = gridOf(rows, cols, data, options);
  if (cols == FacetBy::None || g.panels() < 2) return figure.build(data, options);

  ChartSpec out;
  out.panels = buildPanels(figure, data, options, g);
  const ChartSpec& first = out.panels.front();
  out.id = figure.name;
  out.title = first.title;
  out.xTitle = first.xTitle;
  out.yTitle = first.yTitle;
  out.logX = first.logX;
  out.logY = first.logY;
  out.xFormat = first.xFormat;
  out.yFormat = first.yFormat;
  out.emptyText = first.emptyText;
  // One row of panels unless split two ways; a long row wraps.
  const int n = g.panels();
  out.panelColumns = rows != FacetBy::None ? static_cast<int>(g.colValues.size())
                     : n <= 3              ? n
                     : n == 4              ? 2
                                           : 3;

  // Shared axes: every panel gets the union of the ranges each would fit on its own.
  bool any = false;
  FittedRanges shared;
  for (const ChartSpec& p : out.panels) {
    if (p.isEmpty() || p.heatmap) continue;
    const FittedRanges r = p.fittedRanges();
    if (!any) {
      shared = r;
      any = true;
      continue;
    }
    shared.x = {std::min(shared.x.first, r.x.first), std::max(shared.x.second, r.x.second)};
    shared.y = {std::min(shared.y.first, r.y.first), std::max(shared.y.second, r.y.second)};
  }
  // Notes every panel shares are said once; the others name their panel.
  QStringList notes;
  for (const ChartSpec& p : out.panels) {
    for (const QString& note : p.notes) {
      const bool everywhere =
          std::all_of(out.panels.begin(), out.panels.end(),
                      [&note](const ChartSpec& q) { return q.notes.contains(note); });
      const QString text = everywhere ? note : p.id + QStringLiteral(": ") + note;
      if (!notes.contains(text)) notes << text;
    }
  }
  QString split = facetName(cols);
  if (rows != FacetBy::None) split = facetName(rows) + QStringLiteral(" × ") + split;
  out.notes << QStringLiteral("panels by %1").arg(split);
  out.notes += notes;

  for (ChartSpec& p : out.panels) {
    if (any && !p.heatmap) {
      p.xRange = shared.x;
      p.yRange = shared.y;
    }
    p.title = p.id;
    p.id = out.id;
    p.notes.clear();
    if (p.csv.header.isEmpty()) continue;
    if (out.csv.header.isEmpty())
      out.csv.header = QStringList{QStringLiteral("panel")} + p.csv.header;
    for (const QStringList& row : p.csv.rows) out.csv.rows.push_back(QStringList{p.title} + row);
  }
  return out;
}

}  // namespace w2s
