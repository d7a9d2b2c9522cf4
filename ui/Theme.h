#pragma once
// Dark mode that follows the system. Qt 6.4 has no QStyleHints::colorScheme (6.5+), so the
// system's choice is read from the lightness of the platform palette's window colour.
#include <QObject>
#include <QPalette>

namespace w2s {

class Theme : public QObject {
  Q_OBJECT
 public:
  /// Applies the theme now and re-applies it when the system theme changes (installs an event
  /// filter on the application). W2S_THEME=dark|light overrides the system.
  static void install();
  /// True when the workbench currently shows its dark palette.
  static bool isDark();
  /// True when `palette` is a dark one (window colour lightness below half).
  static bool isDarkPalette(const QPalette& palette);
  /// The palette used in dark mode (Fusion style).
  static QPalette darkPalette();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  explicit Theme(QObject* parent);
  void apply();
  bool applying_ = false;
  bool pending_ = false;
};

}  // namespace w2s
