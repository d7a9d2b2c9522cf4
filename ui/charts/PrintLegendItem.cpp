#include "ui/charts/PrintLegendItem.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace w2s {

namespace {

constexpr size_t kMaxFullEntries = 8;

// The part of a legend name that names a factor value: "w16 · xent (1 undefined)" -> parts
// "w16", "xent" (per-line counts stay in the window's tooltips and the CSV).
QStringList nameParts(QString name) {
  const qsizetype paren = name.indexOf(QStringLiteral(" ("));
  if (paren > 0) name.truncate(paren);
  return name.split(QStringLiteral(" · "));
}

// True when `key` of the series is a function of the factor value and tells values apart.
template <typename Key>
bool encodes(const std::vector<SeriesSpec>& series, const std::vector<QStringList>& parts, int pos,
             Key key) {
  std::map<QString, decltype(key(series.front()))> byValue;
  for (size_t i = 0; i < series.size(); ++i) {
    const auto k = key(series[i]);
    auto [it, inserted] = byValue.emplace(parts[i][pos], k);
    if (!inserted && it->second != k) return false;
  }
  std::set<decltype(key(series.front()))> distinct;
  for (const auto& [value, k] : byValue) distinct.insert(k);
  return distinct.size() == byValue.size();
}

// Reference lines named "<word> <what> (<value>)" that share a line style and marker, e.g.
// "supervisor w4 (0.713)", "supervisor w8 (0.802)": one entry "supervisor" in the neutral
// colour says what the style means, while each line's colour already names its weak size.
std::vector<SeriesSpec> collapseReferences(const std::vector<SeriesSpec>& series,
                                           const QColor& neutral) {
  auto head = [](const SeriesSpec& s) {
    const qsizetype space = s.name.indexOf(QLatin1Char(' '));
    return space > 0 && s.name.endsWith(QLatin1Char(')')) ? s.name.left(space) : QString();
  };
  std::map<QString, int> count;
  for (const auto& s : series) {
    if (!head(s).isEmpty()) ++count[head(s)];
  }
  std::vector<SeriesSpec> out;
  std::set<QString> emitted;
  for (const auto& s : series) {
    const QString h = head(s);
    if (h.isEmpty() || count[h] < 2) {
      out.push_back(s);
      continue;
    }
    const bool sameStyle = std::all_of(series.begin(), series.end(), [&](const SeriesSpec& o) {
      return head(o) != h || (o.penStyle == s.penStyle && o.marker == s.marker && o.kind == s.kind);
    });
    if (!sameStyle) {
      out.push_back(s);
      continue;
    }
    if (!emitted.insert(h).second) continue;
    SeriesSpec e = s;
    e.name = h;
    e.color = neutral;
    out.push_back(e);
  }
  return out;
}

}  // namespace

PrintLegendItem::PrintLegendItem(const ChartSpec& spec, const FigureStyle& style,
                                 QGraphicsItem* parent)
    : QGraphicsItem(parent), style_(style) {
  std::vector<SeriesSpec> series;
  for (const SeriesSpec& s : spec.series) {
    if (s.listed() && s.kind != SeriesKind::Band) series.push_back(s);
  }
  setZValue(10);
  if (series.size() > kMaxFullEntries) series = collapseReferences(series, style_.foreground());
  if (series.size() <= kMaxFullEntries || !factorize(series)) {
    for (auto& s : series) entries_.push_back({std::move(s)});
  }
}

bool PrintLegendItem::factorize(const std::vector<SeriesSpec>& series) {
  // "w16 · xent · noisy": one entry per weak size (its colour), one per loss (its line style)...
  // rather than one per combination, which would not fit a paper column.
  std::vector<QStringList> parts;
  for (const auto& s : series) parts.push_back(nameParts(s.name));
  const qsizetype n = parts.front().size();
  if (n < 2) return false;
  for (const auto& p : parts) {
    if (p.size() != n) return false;
  }
  std::vector<Entry> entries;
  for (int pos = 0; pos < n; ++pos) {
    QStringList values;
    for (const auto& p : parts) {
      if (!values.contains(p[pos])) values << p[pos];
    }
    if (values.size() < 2) continue;  // the same for every line: the title or axis says it
    const bool byColor =
        encodes(series, parts, pos, [](const SeriesSpec& s) { return s.color.rgba(); });
    const bool byStyle = encodes(series, parts, pos,
                                 [](const SeriesSpec& s) { return static_cast<int>(s.penStyle); });
    const bool byMarker = encodes(series, parts, pos,
                                  [](const SeriesSpec& s) { return static_cast<int>(s.marker); });
    if (!byColor && !byStyle && !byMarker) {
      // Lines that differ only in this factor look alike: say so rather than hide it.
      SeriesSpec text;
      text.kind = SeriesKind::Scatter;
      text.marker = Marker::None;
      text.name = values.join(QStringLiteral(" / ")) + QStringLiteral(" (same style)");
      text.opacity = 0;
      entries.push_back({text});
      continue;
    }
    for (const QString& v : values) {
      const size_t i = static_cast<size_t>(
          std::find_if(parts.begin(), parts.end(), [&](const QStringList& p) { return p[pos] == v; }) -
          parts.begin());
      SeriesSpec e;
      e.name = v;
      e.kind = SeriesKind::Line;
      e.widthPt = series[i].widthPt;
      e.markerPt = series[i].markerPt;
      e.color = byColor ? series[i].color : style_.foreground();
      e.penStyle = byStyle ? series[i].penStyle : Qt::SolidLine;
      e.marker = byMarker ? series[i].marker : Marker::None;
      entries.push_back({e});
    }
  }
  if (entries.empty() || entries.size() >= series.size()) return false;
  entries_ = std::move(entries);
  factorized_ = true;
  return true;
}

double PrintLegendItem::layoutFor(double width) {
  prepareGeometryChange();
  if (entries_.empty() || width <= 0) {
    bounds_ = QRectF();
    return 0;
  }
  const QFontMetricsF fm(style_.font(style_.legendPt));
  sampleWidth_ = style_.px(14);
  const double gap = style_.px(3), colGap = style_.px(8);
  double widest = 0;
  for (const Entry& e : entries_) widest = std::max(widest, fm.horizontalAdvance(e.series.name));
  cellWidth_ = sampleWidth_ + gap + widest + colGap;
  columns_ = std::max(1, std::min(static_cast<int>(entries_.size()),
                                  static_cast<int>((width + colGap) / cellWidth_)));
  if (columns_ == 1) cellWidth_ = std::min(cellWidth_, width + colGap);  // elide what is left
  rowHeight_ = fm.height() * 1.15;
  const int rows = static_cast<int>((entries_.size() + columns_ - 1) / columns_);
  bounds_ = QRectF(0, 0, width, rows * rowHeight_);
  return bounds_.height();
}

QRectF PrintLegendItem::boundingRect() const { return bounds_; }

void PrintLegendItem::drawMarker(QPainter* p, Marker marker, const QPointF& c, double size) {
  const double r = size / 2;
  QPainterPath path;
  auto polygon = [&](int corners, double rotation, double inner) {
    QPolygonF poly;
    const int n = inner > 0 ? corners * 2 : corners;
    for (int i = 0; i < n; ++i) {
      const double rr = (inner > 0 && i % 2) ? r * inner : r;
      const double a = rotation + 2 * M_PI * i / n;
      poly << QPointF(c.x() + rr * std::sin(a), c.y() - rr * std::cos(a));
    }
    path.addPolygon(poly);
    path.closeSubpath();
  };
  switch (marker) {
    case Marker::None:
      return;
    case Marker::Circle:
      path.addEllipse(c, r, r);
      break;
    case Marker::Square:
      path.addRect(QRectF(c.x() - r * 0.85, c.y() - r * 0.85, 1.7 * r, 1.7 * r));
      break;
    case Marker::Diamond:
      polygon(4, 0, 0);
      break;
    case Marker::Triangle:
      polygon(3, 0, 0);
      break;
    case Marker::Pentagon:
      polygon(5, 0, 0);
      break;
    case Marker::Star:
      polygon(5, 0, 0.45);
      break;
  }
  p->drawPath(path);
}

void PrintLegendItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
  if (entries_.empty()) return;
  const QFont font = style_.font(style_.legendPt);
  const QFontMetricsF fm(font);
  p->setFont(font);
  p->setRenderHint(QPainter::Antialiasing);
  for (size_t i = 0; i < entries_.size(); ++i) {
    const SeriesSpec& s = entries_[i].series;
    const int col = static_cast<int>(i % columns_), row = static_cast<int>(i / columns_);
    const double x = col * cellWidth_, yMid = row * rowHeight_ + rowHeight_ / 2;
    QColor color = s.color.isValid() ? s.color : style_.foreground();
    color.setAlphaF(static_cast<float>(std::max(0.35, s.opacity)));
    const double lineWidth = std::max(0.5, style_.px(s.widthPt * style_.lineScale));
    if (s.kind == SeriesKind::Line) {
      p->setPen(QPen(color, lineWidth, s.penStyle, Qt::FlatCap));
      p->drawLine(QPointF(x, yMid), QPointF(x + sampleWidth_, yMid));
    }
    if (s.marker != Marker::None || (s.kind == SeriesKind::Scatter && s.opacity > 0)) {
      p->setPen(QPen(color, style_.px(0.5)));
      p->setBrush(color);
      drawMarker(p, s.marker == Marker::None ? Marker::Circle : s.marker,
                 QPointF(x + sampleWidth_ / 2, yMid), style_.px(s.markerPt * style_.lineScale));
      p->setBrush(Qt::NoBrush);
    }
    p->setPen(style_.foreground());
    const double tx = x + sampleWidth_ + style_.px(3);
    const double available = cellWidth_ - (tx - x) - style_.px(2);
    const QString text = fm.elidedText(s.name, Qt::ElideRight, available);
    p->drawText(QRectF(tx, row * rowHeight_, available + style_.px(2), rowHeight_),
                Qt::AlignLeft | Qt::AlignVCenter, text);
  }
}

}  // namespace w2s
