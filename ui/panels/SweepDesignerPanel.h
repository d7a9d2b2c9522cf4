#pragma once
// The sweep designer: edits a sweep, validates it live with core (marking the field core names),
// shows how many jobs it plans, how many the store already has and an ETA, and saves/loads the
// JSON file that `w2s run` takes.
#include <QFutureWatcher>
#include <QString>
#include <QWidget>

#include "ui/bridge/SweepCheck.h"

class QLabel;
class QPushButton;
class QSpinBox;
class QTimer;

namespace w2s {

class SweepForm;

class SweepDesignerPanel : public QWidget {
  Q_OBJECT
 public:
  explicit SweepDesignerPanel(QWidget* parent = nullptr);
  ~SweepDesignerPanel() override;

  /// Loads a sweep file into the form; false (and errorOccurred) if it cannot be read as JSON.
  bool loadFile(const QString& path);
  /// Writes the form's sweep to `path` (2-space indented JSON); false on error.
  bool saveFile(const QString& path);
  /// Replaces the form with a sweep given as JSON text (no file).
  bool loadJson(const QString& text, const QString& sourceName = QString());
  /// The sweep as JSON text (what saveFile writes).
  QString sweepJson() const;
  /// The file last loaded or saved ("" if none).
  QString currentPath() const { return path_; }
  /// Store the designer counts existing jobs in.
  void setStorePath(const QString& dbPath);
  /// Concurrent jobs chosen for running.
  int jobs() const;
  void setJobs(int jobs);
  /// Result of the latest finished validation.
  const SweepCheck& lastCheck() const { return check_; }
  /// Validates now, on the calling thread (tests, and before running).
  const SweepCheck& validateNow();
  SweepForm* form() const { return form_; }

 public Q_SLOTS:
  /// Lets the user pick a file to load / save (dialogs).
  void openDialog();
  void saveDialog();
  void saveAsDialog();
  /// Enables/disables the run button while a sweep runs.
  void setRunning(bool running);

 Q_SIGNALS:
  /// The user asked to run the sweep (the main window starts it).
  void runRequested();
  /// A validation finished (valid or not).
  void checked(const w2s::SweepCheck& check);
  void pathChanged(const QString& path);
  void errorOccurred(const QString& message);

 private:
  void scheduleCheck();
  void startCheck();
  void applyCheck(const SweepCheck& check);

  SweepForm* form_;
  QLabel* summary_;
  QLabel* fileLabel_;
  QLabel* kept_;
  QSpinBox* jobs_;
  QPushButton* run_;
  QTimer* debounce_;
  QFutureWatcher<SweepCheck> watcher_;
  SweepCheck check_;
  QString path_;
  QString dbPath_;
  bool running_ = false;
  bool recheck_ = false;  ///< the form changed while a check was in flight
};

}  // namespace w2s
