#pragma once
// The object that lives on the controller's worker QThread and runs one sweep at a time.
#include <QObject>
#include <QString>
#include <memory>

#include "ui/bridge/SweepEventMeta.h"

namespace w2s {

class RunControl;

/// Runs core's SweepRunner; every sweep event leaves as the one signal sweepEvent (the controller
/// connects it queued). Its slot catches every exception: one escaping a slot would terminate the
/// program.
class TrainingWorker : public QObject {
  Q_OBJECT
 public:
  explicit TrainingWorker(std::shared_ptr<RunControl> control, QObject* parent = nullptr);

 public Q_SLOTS:
  /// Runs the sweep given as a JSON text or a file path into `dbPath` with `jobs` workers.
  void run(const QString& sweep, const QString& dbPath, int jobs);

 Q_SIGNALS:
  /// Every event of the run (core/run/SweepEvents.h), job progress throttled.
  void sweepEvent(const w2s::SweepEvent& event);
  void errorOccurred(const QString& message);
  /// Always the last signal of a run, after sweepFinished or errorOccurred.
  void runEnded();

 private:
  std::shared_ptr<RunControl> control_;
};

}  // namespace w2s
