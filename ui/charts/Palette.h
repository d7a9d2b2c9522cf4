#pragma once
// Colours, line styles and markers shared by every figure, so that one weak size looks the same
// on every chart and in black-and-white print (colour + dash + marker).
#include <QColor>
#include <QString>
#include <Qt>

namespace w2s {

/// Marker shapes a series can carry (vector-drawn; mapped to QScatterSeries shapes).
enum class Marker { None, Circle, Square, Diamond, Triangle, Star, Pentagon };

class Palette {
 public:
  /// Colour of the weak size at `index` in the figure data's size order: Okabe-Ito (black kept for
  /// the ceiling, yellow last for contrast on white), then Paul Tol's bright set.
  static QColor weakColor(int index);
  /// The strong ceiling / ground truth: black on light backgrounds, near-white on dark ones.
  static QColor ceilingColor(bool dark);
  /// Pen style number `index` (solid, dash, dot, dash-dot, dash-dot-dot, cycling).
  static Qt::PenStyle penStyle(int index);
  /// Marker number `index` (circle, square, diamond, triangle, pentagon, star, cycling).
  static Marker marker(int index);
  /// A diverging-free sequential colour map (viridis) at t in [0, 1]; t outside is clamped.
  static QColor sequential(double t);
  /// Black or white, whichever reads better on `background`.
  static QColor textOn(const QColor& background);
  /// How many distinct weak-size colours there are before they repeat.
  static int weakColorCount();
};

}  // namespace w2s
