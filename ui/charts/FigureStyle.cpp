#include "ui/charts/FigureStyle.h"

#include <QGuiApplication>
#include <QPalette>
#include <cmath>

namespace w2s {

FigureStyle FigureStyle::screen() {
  FigureStyle s;
  if (qobject_cast<QGuiApplication*>(QCoreApplication::instance())) {
    s.dark = QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
  }
  s.labelPt = 9.5;
  s.tickPt = 8.5;
  s.legendPt = 9.0;
  s.titlePt = 10.5;
  return s;
}

FigureStyle FigureStyle::printStyle(double fontPt, const QString& family, double unitsPerInch) {
  FigureStyle s;
  s.print = true;
  s.fontFamily = family;
  s.labelPt = fontPt;
  s.tickPt = fontPt - 1.0;
  s.legendPt = fontPt - 1.0;
  s.titlePt = fontPt + 1.0;
  s.unitsPerPt = unitsPerInch / 72.0;
  s.lineScale = 0.85;  // paper figures are small: thinner strokes than on screen
  s.showTitle = false;
  s.showNotes = false;
  return s;
}

QFont FigureStyle::font(double pt) const {
  QFont f;
  if (!fontFamily.isEmpty()) f = QFont(fontFamily);
  if (print) {
    // Pixel sizes in layout units: exact physical size whatever the target device's DPI.
    f.setPixelSize(std::max(1, static_cast<int>(std::lround(pt * unitsPerPt))));
    // Hinting snaps glyphs to the layout grid, which is not the output's pixel grid.
    f.setHintingPreference(QFont::PreferNoHinting);
  } else {
    f.setPointSizeF(pt);
  }
  return f;
}

QColor FigureStyle::foreground() const { return dark ? QColor(0xE0, 0xE0, 0xE0) : Qt::black; }

QColor FigureStyle::background() const { return dark ? QColor(0x2B, 0x2B, 0x2B) : Qt::white; }

QColor FigureStyle::gridColor() const {
  return dark ? QColor(0x4A, 0x4A, 0x4A) : QColor(0xE4, 0xE4, 0xE4);
}

}  // namespace w2s
