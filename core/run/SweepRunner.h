#pragma once
// Runs a plan's jobs on worker threads, each finished job committed to the store.
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "core/store/RunStore.h"
#include "core/sweep/Plan.h"
#include "core/train/EvalPoint.h"
#include "core/util/CancelToken.h"

namespace w2s {

/// Receives sweep progress. thread-safety: called from worker threads, concurrently; an
/// implementation must be thread-safe and must not block for long.
class SweepObserver {
 public:
  virtual ~SweepObserver() = default;
  /// Before any job runs: how many jobs are planned and how many the store already has.
  virtual void sweepStarted(int64_t /*sweepId*/, int /*planned*/, int /*alreadyDone*/) {}
  virtual void jobStarted(const Job& /*job*/) {}
  virtual void jobProgress(const Job& /*job*/, int64_t /*step*/, int64_t /*totalSteps*/,
                           double /*loss*/) {}
  virtual void jobEval(const Job& /*job*/, const EvalPoint& /*point*/) {}
  /// status: "done" | "failed" | "cancelled" | "skipped" (dependency failed).
  virtual void jobFinished(const Job& /*job*/, const std::string& /*status*/,
                           const std::string& /*error*/, double /*seconds*/) {}
  virtual void sweepFinished(int /*done*/, int /*failed*/, int /*cancelled*/) {}
};

struct RunOptions {
  int jobs = 1;                ///< concurrent worker threads
  int threadsPerJob = 0;       ///< libtorch intra-op threads per worker; 0 = cores / jobs
  std::string device = "auto"; ///< "auto" | "cpu" | "cuda"
};

struct RunSummary {
  int planned = 0, reused = 0, done = 0, failed = 0, cancelled = 0, skipped = 0;
};

/// Executes plans against one store file. Each worker opens its own connection.
class SweepRunner {
 public:
  SweepRunner(std::string dbPath, RunOptions options);

  /// Records the sweep, links its jobs, then trains every job not already done, dependencies
  /// first. Returns when all jobs finished or `cancel` was requested (running jobs stop at their
  /// next step; nothing half-done is stored as done).
  RunSummary run(const SweepSpec& spec, const std::string& source, SweepObserver* observer,
                 const CancelToken& cancel);

  /// Cancels one job (running or pending) of the current run. thread-safety: any thread.
  void cancelJob(const std::string& hash);

 private:
  bool jobCancelled(const std::string& hash);
  std::string dbPath_;
  RunOptions options_;
  std::mutex mutex_;
  std::set<std::string> cancelledJobs_;
};

/// Runs one job (all deps already done in `dbPath`'s store) and returns its result, not yet
/// saved. Throws on error, Cancelled on cancellation.
class TrainObserver;
JobResult executeJob(const Job& job, const std::string& dbPath, const std::string& device,
                     TrainObserver* observer, const CancelToken* cancel);

}  // namespace w2s
