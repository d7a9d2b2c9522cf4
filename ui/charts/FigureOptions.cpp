#include "ui/charts/FigureOptions.h"

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

}  // namespace w2s
