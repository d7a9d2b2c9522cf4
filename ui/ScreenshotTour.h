#pragma once
// Saves a PNG of every tab of the window (and of the run comparison), for the docs and for
// checking the screens by eye (scripts/screenshots.sh). Driven by timers, never by a blocking
// wait, so training and live redraws go on while it runs.
#include <QObject>
#include <QString>

namespace w2s {

class MainWindow;

class ScreenshotTour : public QObject {
  Q_OBJECT
 public:
  /// Saves into `folder` (created), starting `delayMs` after start().
  ScreenshotTour(MainWindow* window, QString folder, int delayMs, QObject* parent = nullptr);
  void start();

 Q_SIGNALS:
  /// All screenshots written (ok) or one could not be saved.
  void finished(bool ok);

 private:
  void shootTab(int index);
  void shootCompare();
  void shootFigures(int index);
  bool save(const QPixmap& pixmap, const QString& name);

  MainWindow* window_;
  QString folder_;
  int delayMs_;
  bool ok_ = true;
};

}  // namespace w2s
