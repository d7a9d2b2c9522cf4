#pragma once
#include <chrono>
#include <iosfwd>
#include <map>
#include <mutex>
#include <string>

#include "core/run/SweepRunner.h"

namespace w2s {

/// Prints sweep progress to a terminal: job i of n, ETA, the current loss. On a TTY one status
/// line is redrawn (throttled to 5 per second); otherwise one line per finished job.
/// thread-safety: all callbacks lock one mutex.
class ConsoleProgress : public SweepObserver {
 public:
  ConsoleProgress(std::ostream& out, bool tty);
  void onEvent(const SweepEvent& event) override;

  /// "weak w64 clean seed 0" etc.
  static std::string describe(const Job& job);

 private:
  void started(const SweepStarted& e);
  void progressed(const JobProgressed& e);
  void finished(const JobFinished& e);
  void ended(const SweepFinished& e);
  std::string eta() const;
  void drawLine(const std::string& text);
  std::ostream& out_;
  bool tty_;
  std::mutex mutex_;
  int planned_ = 0, finished_ = 0, toRun_ = 0;
  double secondsSum_ = 0;
  int ranCount_ = 0;
  std::chrono::steady_clock::time_point start_, lastDraw_;
  std::map<std::string, std::string> running_;  // hash -> "label step/total loss"
};

}  // namespace w2s
