#pragma once
// Runs a plan's jobs on worker threads, each finished job committed to the store.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

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
  /// status: "done" | "failed" | "cancelled" | "skipped" (dependency failed) | "done elsewhere"
  /// (another process trained it while this run waited for it or before it could claim it).
  virtual void jobFinished(const Job& /*job*/, const std::string& /*status*/,
                           const std::string& /*error*/, double /*seconds*/) {}
  virtual void sweepFinished(int /*done*/, int /*failed*/, int /*cancelled*/) {}
};

struct RunOptions {
  int jobs = 1;                 ///< concurrent worker threads
  int threadsPerJob = 0;        ///< libtorch intra-op threads per worker; 0 = cores / jobs
  std::string device = "auto";  ///< "auto" | "cpu" | "cuda"
  /// How long a finished job's save (or a claim) keeps retrying a store that another process
  /// holds locked before the result goes to a side file (UnsavedResults.h).
  double savePatienceSeconds = 600;
  double leaseSeconds = 90;     ///< a claim's lease; renewed every heartbeatSeconds
  double heartbeatSeconds = 3;  ///< lease renewal and progress written for other processes
  double pollSeconds = 1;       ///< how often jobs another process trains are looked up
  int busyTimeoutMs = 10000;    ///< one store statement's wait for a lock, before a retry
  /// When set, only these jobs are trained (a shard of a level, w2s run --shard); the plan's
  /// other jobs are recorded but left as they are. A chosen job whose prerequisite is neither
  /// done nor chosen is skipped.
  std::optional<std::set<std::string>> onlyJobs = std::nullopt;
};

struct RunSummary {
  int planned = 0, reused = 0, done = 0, failed = 0, cancelled = 0, skipped = 0;
  int elsewhere = 0;  ///< finished by another process during this run
  int outside = 0;    ///< not done and not this run's to train (RunOptions::onlyJobs)
  int64_t sweepId = 0;
  std::vector<std::string> warnings;  ///< store problems that did not stop the run
};

/// Executes plans against one store file. Each worker opens its own connection.
class SweepRunner {
 public:
  SweepRunner(std::string dbPath, RunOptions options);

  /// Records the sweep, links its jobs, then trains every job not already done, dependencies
  /// first. Returns when all jobs finished or `cancel` was requested (running jobs stop at their
  /// next step; nothing half-done is stored as done). Several runners (threads, processes,
  /// machines on one file system) may run on one store: each job is trained by the one that
  /// claims it; the others skip it or wait for it. Nothing thrown while a job runs escapes: the
  /// job fails with the message and its dependants are skipped.
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
