#include "ui/bridge/SignalSweepObserver.h"

#include "ui/bridge/TrainingWorker.h"
#include "ui/models/JobLabel.h"

namespace w2s {

SignalSweepObserver::SignalSweepObserver(TrainingWorker* worker,
                                         std::chrono::milliseconds progressInterval)
    : worker_(worker), interval_(progressInterval) {}

void SignalSweepObserver::sweepStarted(int64_t sweepId, int planned, int alreadyDone) {
  Q_EMIT worker_->sweepStarted(sweepId, planned, alreadyDone);
}

void SignalSweepObserver::jobStarted(const Job& job) {
  Q_EMIT worker_->jobStarted(QString::fromStdString(job.hash),
                             QString::fromLatin1(toString(job.kind)),
                             jobLabel(toString(job.kind), job.labels));
}

void SignalSweepObserver::jobProgress(const Job& job, int64_t step, int64_t totalSteps,
                                      double loss) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = lastProgress_.find(job.hash);
    const bool last = step >= totalSteps;
    if (it != lastProgress_.end() && !last && now - it->second < interval_) return;
    lastProgress_[job.hash] = now;
  }
  Q_EMIT worker_->jobProgress(QString::fromStdString(job.hash), step, totalSteps, loss);
}

void SignalSweepObserver::jobEval(const Job& job, const EvalPoint& point) {
  Q_EMIT worker_->jobEval(QString::fromStdString(job.hash), point.step, point.testAcc);
}

void SignalSweepObserver::jobFinished(const Job& job, const std::string& status,
                                      const std::string& error, double seconds) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    lastProgress_.erase(job.hash);
  }
  Q_EMIT worker_->jobFinished(QString::fromStdString(job.hash), QString::fromStdString(status),
                              QString::fromStdString(error), seconds);
}

void SignalSweepObserver::sweepFinished(int done, int failed, int cancelled) {
  Q_EMIT worker_->sweepFinished(done, failed, cancelled);
}

}  // namespace w2s
