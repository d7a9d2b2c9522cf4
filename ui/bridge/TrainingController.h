#pragma once
// The GUI's handle on training: runs core's SweepRunner on a worker QThread and re-emits its
// callbacks as queued signals. The GUI thread never waits for training.
#include <QObject>
#include <QString>
#include <QThread>
#include <memory>

#include "ui/bridge/SweepEventMeta.h"

namespace w2s {

class RunControl;
class TrainingWorker;

/// Lives in the GUI thread. One sweep at a time. Signals arrive queued, in the GUI thread. The
/// sweep's events (core/run/SweepEvents.h) arrive as one signal, sweepEvent: a receiver reads
/// the alternatives it cares about, so a new event needs no change here.
class TrainingController : public QObject {
  Q_OBJECT
 public:
  explicit TrainingController(QObject* parent = nullptr);
  /// Requests cancellation, then waits for the worker thread to end (running jobs stop at their
  /// next training step).
  ~TrainingController() override;

  /// Starts `sweep` (a file path, or the sweep JSON text itself) into the store `dbPath` with
  /// `jobs` concurrent jobs. Emits errorOccurred if a sweep is already running.
  void start(const QString& sweep, const QString& dbPath, int jobs);
  /// Cancels the whole sweep (cooperative: returns at once, sweepFinished follows).
  void cancelAll();
  /// Cancels one running or pending job of the current sweep.
  void cancelJob(const QString& hash);
  /// True from start() until the run's last signal has been delivered.
  bool isRunning() const { return running_; }

 Q_SIGNALS:
  void sweepEvent(const w2s::SweepEvent& event);
  void errorOccurred(const QString& message);
  /// isRunning() changed.
  void runningChanged(bool running);

 private:
  void onRunEnded();

  QThread thread_;
  TrainingWorker* worker_ = nullptr;  // lives in thread_, deleted when it finishes
  std::shared_ptr<RunControl> control_;
  bool running_ = false;
};

}  // namespace w2s
