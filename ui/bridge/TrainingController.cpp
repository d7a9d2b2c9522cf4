#include "ui/bridge/TrainingController.h"

#include "ui/bridge/RunControl.h"
#include "ui/bridge/TrainingWorker.h"

namespace w2s {

TrainingController::TrainingController(QObject* parent)
    : QObject(parent), control_(std::make_shared<RunControl>()) {
  qRegisterMetaType<SweepEvent>();
  thread_.setObjectName(QStringLiteral("w2s-training"));
  worker_ = new TrainingWorker(control_);
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);

  // Queued in both directions; never BlockingQueued (a worker waiting on a GUI that waits on
  // the worker at shutdown would deadlock).
  const auto q = Qt::QueuedConnection;
  connect(worker_, &TrainingWorker::sweepEvent, this, &TrainingController::sweepEvent, q);
  connect(worker_, &TrainingWorker::errorOccurred, this, &TrainingController::errorOccurred, q);
  connect(worker_, &TrainingWorker::runEnded, this, &TrainingController::onRunEnded, q);
  thread_.start();
}

TrainingController::~TrainingController() {
  control_->token().request();
  thread_.quit();  // takes effect once the running slot (if any) has returned
  thread_.wait();
}

void TrainingController::start(const QString& sweep, const QString& dbPath, int jobs) {
  if (running_) {
    Q_EMIT errorOccurred(tr("A sweep is already running; cancel it or wait until it finishes."));
    return;
  }
  control_->reset();
  running_ = true;
  Q_EMIT runningChanged(true);
  TrainingWorker* worker = worker_;
  QMetaObject::invokeMethod(
      worker_, [worker, sweep, dbPath, jobs] { worker->run(sweep, dbPath, jobs); },
      Qt::QueuedConnection);
}

void TrainingController::cancelAll() {
  if (running_) control_->token().request();
}

void TrainingController::cancelJob(const QString& hash) {
  if (running_) control_->cancelJob(hash.toStdString());
}

void TrainingController::onRunEnded() {
  running_ = false;
  Q_EMIT runningChanged(false);
}

}  // namespace w2s
