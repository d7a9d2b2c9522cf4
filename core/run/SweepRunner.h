#pragma once
// Runs a plan's jobs on worker threads, each finished job committed to the store.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/run/SweepEvents.h"
#include "core/store/RunStore.h"
#include "core/sweep/Plan.h"
#include "core/util/CancelToken.h"

namespace w2s {

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
  /// True once cancelJob(hash) was called. thread-safety: any thread.
  bool jobCancelled(const std::string& hash);

 private:
  std::string dbPath_;
  RunOptions options_;
  std::mutex mutex_;
  std::set<std::string> cancelledJobs_;
};

/// Runs one job (all deps already done in `store`, which it reads the supervisor's labels and
/// stored backbones from) and returns its result, not yet saved. Throws on error, Cancelled on
/// cancellation. Each job kind has its own preparation (JobExecutor.cpp); every result's record
/// is filled by finishedResult (JobRecordFill.h).
class TrainObserver;
JobResult executeJob(const Job& job, const RunStore& store, const std::string& device,
                     TrainObserver* observer, const CancelToken* cancel);

}  // namespace w2s
