#pragma once
// The About box: what this is and the versions it runs on (for bug reports and papers).
#include <QString>

class QWidget;

namespace w2s {

class AboutDialog {
 public:
  /// "W2S Workbench 0.1.0, Qt 6.4.2 (built with 6.4.2), libtorch 1.13.0, SQLite 3.40.1".
  static QString versionsText();
  /// The About box's rich text (versions plus the store in use).
  static QString html(const QString& storePath);
  /// Shows the box (window-modal, does not block the caller).
  static void show(QWidget* parent, const QString& storePath);
};

}  // namespace w2s
