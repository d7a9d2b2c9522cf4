#include "ui/charts/FigureOptions.h"

#include <QStringList>

namespace w2s {

bool bandKindFromString(const QString& text, BandKind* out) {
  const QString t = text.trimmed().toLower();
  if (t == QLatin1String("ci95") || t == QLatin1String("ci")) {
    *out = BandKind::Ci95;
  } else if (t == QLatin1String("std")) {
    *out = BandKind::Std;
  } else if (t == QLatin1String("minmax") || t == QLatin1String("min-max")) {
    *out = BandKind::MinMax;
  } else if (t == QLatin1String("none")) {
    *out = BandKind::None;
  } else {
    return false;
  }
  return true;
}

QString bandKindName(BandKind band) {
  switch (band) {
    case BandKind::Ci95:
      return QStringLiteral("ci95");
    case BandKind::Std:
      return QStringLiteral("std");
    case BandKind::MinMax:
      return QStringLiteral("minmax");
    case BandKind::None:
      break;
  }
  return QStringLiteral("none");
}

QString bandKindLabel(BandKind band) {
  switch (band) {
    case BandKind::Ci95:
      return QStringLiteral("mean ± 95% CI");
    case BandKind::Std:
      return QStringLiteral("mean ± std");
    case BandKind::MinMax:
      return QStringLiteral("mean, min–max");
    case BandKind::None:
      break;
  }
  return QStringLiteral("mean");
}

QString facetName(FacetBy facet) {
  switch (facet) {
    case FacetBy::View:
      return QStringLiteral("view");
    case FacetBy::Loss:
      return QStringLiteral("loss");
    case FacetBy::Task:
      return QStringLiteral("task");
    case FacetBy::Split:
      return QStringLiteral("split");
    case FacetBy::None:
      break;
  }
  return QStringLiteral("none");
}

QString facetChoiceName(const FigureOptions& options) {
  if (options.facetAuto) return QStringLiteral("auto");
  if (options.facetRows == FacetBy::None && options.facetCols == FacetBy::None) {
    return QStringLiteral("none");
  }
  if (options.facetRows == FacetBy::None) return facetName(options.facetCols);
  if (options.facetCols == FacetBy::None) return facetName(options.facetRows);
  return facetName(options.facetRows) + QLatin1Char(',') + facetName(options.facetCols);
}

bool facetChoiceFromString(const QString& text, FigureOptions* options) {
  const QString t = text.trimmed().toLower();
  if (t == QLatin1String("auto")) {
    options->facetAuto = true;
    return true;
  }
  const QStringList parts = t.split(QLatin1Char(','));
  if (parts.size() > 2) return false;
  FacetBy dims[2] = {FacetBy::None, FacetBy::None};
  for (qsizetype i = 0; i < parts.size(); ++i) {
    bool found = false;
    for (FacetBy f : {FacetBy::None, FacetBy::View, FacetBy::Loss, FacetBy::Task, FacetBy::Split}) {
      if (parts[i].trimmed() == facetName(f)) {
        dims[i] = f;
        found = true;
      }
    }
    if (!found) return false;
  }
  if (parts.size() == 2 && (dims[0] == dims[1] || dims[0] == FacetBy::None)) return false;
  options->facetAuto = false;
  // One dimension: a row of panels (wrapped by Facets when long).
  options->facetRows = parts.size() == 2 ? dims[0] : FacetBy::None;
  options->facetCols = parts.size() == 2 ? dims[1] : dims[0];
  return true;
}

}  // namespace w2s
