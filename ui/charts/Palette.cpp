#include "ui/charts/Palette.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace w2s {

namespace {

// Okabe & Ito (2008) without black, yellow moved last; then Paul Tol's "bright" qualitative set.
constexpr std::array<const char*, 13> kWeakColors = {
    "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442",
    "#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377"};

constexpr std::array<Qt::PenStyle, 5> kPenStyles = {Qt::SolidLine, Qt::DashLine, Qt::DotLine,
                                                    Qt::DashDotLine, Qt::DashDotDotLine};

constexpr std::array<Marker, 6> kMarkers = {Marker::Circle,   Marker::Square,   Marker::Diamond,
                                            Marker::Triangle, Marker::Pentagon, Marker::Star};

// Viridis anchors (matplotlib's, sampled at 0, 1/8, ..., 1); linear interpolation between them
// is indistinguishable from the full table at the sizes a heatmap cell is drawn.
constexpr std::array<std::array<int, 3>, 9> kViridis = {{{68, 1, 84},
                                                         {71, 44, 122},
                                                         {59, 81, 139},
                                                         {44, 113, 142},
                                                         {33, 144, 141},
                                                         {39, 173, 129},
                                                         {92, 200, 99},
                                                         {170, 220, 50},
                                                         {253, 231, 37}}};

}  // namespace

QColor Palette::weakColor(int index) {
  const int n = static_cast<int>(kWeakColors.size());
  return QColor(QString::fromLatin1(kWeakColors[static_cast<size_t>(((index % n) + n) % n)]));
}

int Palette::weakColorCount() { return static_cast<int>(kWeakColors.size()); }

QColor Palette::ceilingColor(bool dark) { return dark ? QColor(0xEE, 0xEE, 0xEE) : Qt::black; }

Qt::PenStyle Palette::penStyle(int index) {
  const int n = static_cast<int>(kPenStyles.size());
  return kPenStyles[static_cast<size_t>(((index % n) + n) % n)];
}

Marker Palette::marker(int index) {
  const int n = static_cast<int>(kMarkers.size());
  return kMarkers[static_cast<size_t>(((index % n) + n) % n)];
}

QColor Palette::sequential(double t) {
  if (!std::isfinite(t)) t = 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double pos = t * static_cast<double>(kViridis.size() - 1);
  const size_t i = std::min(static_cast<size_t>(pos), kViridis.size() - 2);
  const double f = pos - static_cast<double>(i);
  auto mix = [&](int c) {
    return static_cast<int>(std::lround(kViridis[i][c] * (1.0 - f) + kViridis[i + 1][c] * f));
  };
  return QColor(mix(0), mix(1), mix(2));
}

QColor Palette::textOn(const QColor& background) {
  // Relative luminance (sRGB coefficients, no gamma: good enough to pick black or white).
  const double y =
      0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF();
  return y > 0.45 ? Qt::black : Qt::white;
}

}  // namespace w2s
