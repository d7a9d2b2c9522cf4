#include "ui/charts/ChartSpec.h"

namespace w2s {

bool ChartSpec::isEmpty() const {
  if (heatmap && !heatmap->values.empty()) return false;
  for (const auto& s : series) {
    if (!s.points.isEmpty()) return false;
  }
  return true;
}

QString ChartSpec::structureKey() const {
  QStringList parts{id, xTitle, yTitle, QString::number(logX), QString::number(logY)};
  for (const auto& s : series) {
    parts << s.name + QLatin1Char('/') + QString::number(static_cast<int>(s.kind)) +
                 QLatin1Char('/') + s.color.name() + QLatin1Char('/') +
                 QString::number(s.points.isEmpty());
  }
  if (!xCategories.isEmpty()) parts << xCategories.join(QLatin1Char(','));
  if (heatmap)
    parts << heatmap->rows.join(QLatin1Char(',')) << heatmap->cols.join(QLatin1Char(','));
  return parts.join(QLatin1Char('|'));
}

}  // namespace w2s
