#pragma once
// The workbench window: composes the panels (designer, queue, runs, figures), the menus and the
// status bar, and wires the training controller to them. No panel logic lives here.
#include <QMainWindow>
#include <QString>
#include <memory>

#include "core/run/SweepEvents.h"

class QAction;
class QLabel;
class QProgressBar;
class QTabWidget;

namespace w2s {

class FiguresPanel;
class ResultsPanel;
class QueueModel;
class QueuePanel;
class RunBrowserPanel;
class RunStore;
class StoreWatcher;
class SweepDesignerPanel;
class TrainingController;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  enum Tab { DesignerTab, QueueTab, RunsTab, FiguresTab, ResultsTab };

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens (or creates) a store file; on failure shows the error and keeps the current store.
  bool openStore(const QString& path);
  /// Loads a sweep file into the designer.
  bool loadSweep(const QString& path);
  /// Starts the designer's sweep in the current store (if it is valid and nothing runs).
  bool runSweep();
  QString storePath() const;
  /// Imports the result folders of openai/weak-to-strong or EleutherAI/w2s under `folder`
  /// (layout detected) into the open store as a new sweep and shows that sweep in the run
  /// browser and the figures. Returns its id, or -1 after showing the error (the store is
  /// untouched when the folder cannot be read).
  qint64 importResults(const QString& folder);
  /// Writes the summaries of the sweep the figures show (every run when they show the whole
  /// store) into `folder`: summary.json (docs/interop.md) and summary.csv, outcomes.csv,
  /// curves.csv, as `w2s export-json` and `w2s export` write them. False after showing the error.
  bool exportResults(const QString& folder);

  TrainingController* controller() const { return controller_; }
  SweepDesignerPanel* designer() const { return designer_; }
  QueuePanel* queue() const { return queue_; }
  QueueModel* queueModel() const { return queueModel_; }
  StoreWatcher* storeWatcher() const { return watcher_; }
  RunBrowserPanel* runs() const { return runs_; }
  /// The figures panel (nullptr when built without it).
  FiguresPanel* figures() const { return figures_; }
  ResultsPanel* results() const { return results_; }
  QTabWidget* tabs() const { return tabs_; }
  /// The last error shown to the user ("" if none).
  QString lastError() const { return lastError_; }
  /// When false, quitting during a sweep does not ask first (tests, screenshots).
  void setConfirmQuit(bool on) { confirmQuit_ = on; }
  /// Writes geometry, dock state, store and sweep paths to QSettings.
  void saveSettings() const;
  /// Restores geometry and window state from QSettings.
  void restoreSettings();

 public Q_SLOTS:
  void cancelSweep();
  void showError(const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildMenus();
  void connectController();
  void updateStatus();
  void exportFigures();
  void openStoreDialog();
  void importDialog();
  void exportResultsDialog();
  /// Every event of a running sweep: the queue, the runs table, the figures and the status bar
  /// follow it.
  void onSweepEvent(const SweepEvent& event);
  void onSweepStarted(qint64 sweepId, int planned, int alreadyDone);
  /// Another process wrote to the store: jobs it trains go to the queue, views reload.
  void onStoreChanged();

  std::shared_ptr<RunStore> store_;  // the GUI thread's own connection
  TrainingController* controller_;
  QueueModel* queueModel_;
  StoreWatcher* watcher_;
  QTabWidget* tabs_;
  SweepDesignerPanel* designer_;
  QueuePanel* queue_;
  RunBrowserPanel* runs_;
  FiguresPanel* figures_ = nullptr;
  ResultsPanel* results_ = nullptr;
  bool syncingSelection_ = false;  ///< the runs table is choosing figure 1's students
  QLabel* storeLabel_;
  QLabel* progressLabel_;
  QProgressBar* progress_;
  QAction* runAction_ = nullptr;
  QAction* cancelAction_ = nullptr;
  QAction* exportAction_ = nullptr;
  QString lastError_;
  bool confirmQuit_ = true;
};

}  // namespace w2s
