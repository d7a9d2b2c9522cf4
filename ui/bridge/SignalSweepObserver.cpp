#include "ui/bridge/SignalSweepObserver.h"

#include "ui/bridge/TrainingWorker.h"

namespace w2s {

SignalSweepObserver::SignalSweepObserver(TrainingWorker* worker,
                                         std::chrono::milliseconds progressInterval)
    : worker_(worker), interval_(progressInterval) {}

void SignalSweepObserver::onEvent(const SweepEvent& event) {
  if (const auto* p = std::get_if<JobProgressed>(&event)) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = lastProgress_.find(p->job->hash);
    const bool last = p->step >= p->totalSteps;
    if (it != lastProgress_.end() && !last && now - it->second < interval_) return;
    lastProgress_[p->job->hash] = now;
  } else if (const auto* f = std::get_if<JobFinished>(&event)) {
    std::lock_guard<std::mutex> lock(mutex_);
    lastProgress_.erase(f->job->hash);
  }
  Q_EMIT worker_->sweepEvent(event);
}

}  // namespace w2s
