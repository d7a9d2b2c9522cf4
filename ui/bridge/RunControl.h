#pragma once
// State shared between the GUI thread (which cancels) and the training worker (which runs).
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "core/run/SweepRunner.h"
#include "core/util/CancelToken.h"

namespace w2s {

/// Cancellation of one sweep run. thread-safety: every member function may be called from any
/// thread; the token is read by training threads without locking.
class RunControl {
 public:
  /// The token the running sweep polls; request() it to cancel the whole sweep.
  CancelToken& token() { return token_; }
  /// Cancels one job: forwarded to the runner now, or when it attaches if it has not yet.
  void cancelJob(const std::string& hash);
  /// Called by the worker around SweepRunner::run; applies cancellations that came early.
  void attach(SweepRunner* runner);
  void detach();
  /// Clears the token and early cancellations before a new run.
  void reset();

 private:
  CancelToken token_;
  std::mutex mutex_;
  SweepRunner* runner_ = nullptr;
  std::set<std::string> early_;
};

}  // namespace w2s
