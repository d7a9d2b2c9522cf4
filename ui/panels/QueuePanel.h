#pragma once
// The queue: running and pending jobs with progress bars and ETA; cancel a job or the sweep.
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;

namespace w2s {

class QueueModel;
class TrainingController;

class QueuePanel : public QWidget {
  Q_OBJECT
 public:
  /// Shows `model`; cancel buttons act through `controller`. Neither is owned.
  QueuePanel(QueueModel* model, TrainingController* controller, QWidget* parent = nullptr);

  QTableView* view() const { return view_; }
  /// "3 / 12 jobs — 25% — ETA 4 min 10 s" (what the status bar shows too).
  QString progressText() const;

 public Q_SLOTS:
  /// Cancels the job selected in the table.
  void cancelSelected();
  /// Refreshes the summary line and the time columns.
  void refresh();

 private:
  QueueModel* model_;
  TrainingController* controller_;
  QTableView* view_;
  QLabel* summary_;
  QProgressBar* progress_;
  QPushButton* cancelJob_;
  QPushButton* cancelSweep_;
  QTimer* clock_;
};

}  // namespace w2s
