#pragma once
// Adapts core's SweepObserver callbacks (from training threads) to TrainingWorker signals.
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "core/run/SweepRunner.h"

namespace w2s {

class TrainingWorker;

/// thread-safety: called concurrently by the runner's worker threads; it only emits signals
/// (queued to the GUI thread by their connections) and never blocks on the GUI.
class SignalSweepObserver : public SweepObserver {
 public:
  /// Progress of one job is forwarded at most once per `progressInterval` (and always its last
  /// step): a training step takes microseconds, the screen needs ten updates a second.
  explicit SignalSweepObserver(TrainingWorker* worker, std::chrono::milliseconds progressInterval =
                                                           std::chrono::milliseconds(100));

  void sweepStarted(int64_t sweepId, int planned, int alreadyDone) override;
  void jobStarted(const Job& job) override;
  void jobProgress(const Job& job, int64_t step, int64_t totalSteps, double loss) override;
  void jobEval(const Job& job, const EvalPoint& point) override;
  void jobFinished(const Job& job, const std::string& status, const std::string& error,
                   double seconds) override;
  void sweepFinished(int done, int failed, int cancelled) override;

 private:
  TrainingWorker* worker_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::map<std::string, std::chrono::steady_clock::time_point> lastProgress_;
};

}  // namespace w2s
