#pragma once
// The object that lives on the controller's worker QThread and runs one sweep at a time.
#include <QObject>
#include <QString>
#include <memory>

namespace w2s {

class RunControl;

/// Runs core's SweepRunner; every callback leaves as a signal (the controller connects them
/// queued). Its slot catches every exception: one escaping a slot would terminate the program.
class TrainingWorker : public QObject {
  Q_OBJECT
 public:
  explicit TrainingWorker(std::shared_ptr<RunControl> control, QObject* parent = nullptr);

 public Q_SLOTS:
  /// Runs the sweep given as a JSON text or a file path into `dbPath` with `jobs` workers.
  void run(const QString& sweep, const QString& dbPath, int jobs);

 Q_SIGNALS:
  void sweepStarted(qint64 sweepId, int planned, int alreadyDone);
  void jobStarted(const QString& hash, const QString& kind, const QString& label);
  void jobProgress(const QString& hash, qint64 step, qint64 total, double loss);
  void jobEval(const QString& hash, qint64 step, double testAcc);
  void jobFinished(const QString& hash, const QString& status, const QString& error,
                   double seconds);
  void sweepFinished(int done, int failed, int cancelled);
  void errorOccurred(const QString& message);
  /// Always the last signal of a run, after sweepFinished or errorOccurred.
  void runEnded();

 private:
  std::shared_ptr<RunControl> control_;
};

}  // namespace w2s
