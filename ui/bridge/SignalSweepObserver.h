#pragma once
// Adapts core's sweep events (from training threads) to TrainingWorker's one signal.
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "core/run/SweepEvents.h"

namespace w2s {

class TrainingWorker;

/// thread-safety: called concurrently by the runner's worker threads; it only emits signals
/// (queued to the GUI thread by their connections) and never blocks on the GUI.
class SignalSweepObserver : public SweepObserver {
 public:
  /// Progress of one job is forwarded at most once per `progressInterval` (and always its last
  /// step): a training step takes microseconds, the screen needs ten updates a second. Every
  /// other event is forwarded as it comes.
  explicit SignalSweepObserver(TrainingWorker* worker, std::chrono::milliseconds progressInterval =
                                                           std::chrono::milliseconds(100));

  void onEvent(const SweepEvent& event) override;

 private:
  TrainingWorker* worker_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::map<std::string, std::chrono::steady_clock::time_point> lastProgress_;
};

}  // namespace w2s
