#include "core/run/SweepRunner.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <thread>
#include <tuple>

#include "core/data/TaskData.h"
#include "core/store/ClaimOwner.h"
#include "core/store/RunStore.h"
#include "core/store/StoreRetry.h"
#include "core/store/UnsavedResults.h"
#include "core/train/Trainer.h"
#include "core/util/BlasThreads.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"

namespace w2s {

namespace {

// Forwards one job's training progress to the sweep observer.
class JobProgress : public TrainObserver {
 public:
  JobProgress(const Job& job, SweepObserver* obs) : job_(job), obs_(obs) {}
  void onStep(int64_t step, int64_t total, double loss) override {
    if (obs_) obs_->jobProgress(job_, step, total, loss);
  }
  void onEval(const EvalPoint& p) override {
    if (obs_) obs_->jobEval(job_, p);
  }

 private:
  const Job& job_;
  SweepObserver* obs_;
};

}  // namespace

SweepRunner::SweepRunner(std::string dbPath, RunOptions options)
    : dbPath_(std::move(dbPath)), options_(options) {
  options_.jobs = std::max(1, options_.jobs);
}

void SweepRunner::cancelJob(const std::string& hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  cancelledJobs_.insert(hash);
}

bool SweepRunner::jobCancelled(const std::string& hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  return cancelledJobs_.count(hash) > 0;
}

namespace {

// A job's state in this runner. Only Pending jobs are picked; Elsewhere jobs are looked up in the
// store every pollSeconds.
/// Outside: not done, and not this run's to train (RunOptions::onlyJobs).
enum class JobState {
  Pending,
  Claiming,
  Running,
  Elsewhere,
  Done,
  Failed,
  Cancelled,
  Skipped,
  Outside
};

bool finished(JobState s) {
  return s == JobState::Done || s == JobState::Failed || s == JobState::Cancelled ||
         s == JobState::Skipped || s == JobState::Outside;
}

// Observer calls never take a worker (or the process) down: an observer that throws loses
// that one notification.
template <class Fn>
void notify(SweepObserver* observer, Fn&& fn) {
  if (!observer) return;
  try {
    fn(*observer);
  } catch (...) {
  }
}

struct SkipEvent {
  const Job* job;
  std::string reason;
};

}  // namespace

RunSummary SweepRunner::run(const SweepSpec& spec, const std::string& source,
                            SweepObserver* observer, const CancelToken& cancel) {
  const Plan plan = planSweep(spec);
  RunSummary summary;
  summary.planned = static_cast<int>(plan.jobs.size());
  const std::string owner = ClaimOwner::newInstance().text();
  const double patience = options_.savePatienceSeconds;
  std::mutex warnMutex;
  auto warn = [&](const std::string& w) {
    std::lock_guard<std::mutex> lock(warnMutex);
    summary.warnings.push_back(w);
  };

  std::map<std::string, JobState> state;
  int64_t runId = 0;
  {
    RunStore store(dbPath_);
    store.setBusyTimeout(options_.busyTimeoutMs);
    retryWhileBusy([&] { return store.resetInterrupted(); }, patience);
    // Results an earlier run could not save (the store was locked) are saved first.
    std::vector<std::string> problems;
    retryWhileBusy([&] { return saveKeptResults(store, &problems); }, patience);
    for (const auto& p : problems) warn("kept result not saved: " + p);

    std::vector<JobRecord> records;
    for (const Job& j : plan.jobs) {
      JobRecord r;
      r.hash = j.hash;
      r.kind = toString(j.kind);
      r.config = j.config;
      r.labels = j.labels;
      if (j.kind == JobKind::Student) r.weakHash = j.config.at("weak").get<std::string>();
      records.push_back(std::move(r));
    }
    for (const Job& j : plan.jobs) {
      const bool done = store.isDone(j.hash);
      const bool mine = !options_.onlyJobs || options_.onlyJobs->count(j.hash) > 0;
      state[j.hash] = done ? JobState::Done : mine ? JobState::Pending : JobState::Outside;
      if (done) ++summary.reused;
      if (!done && !mine) ++summary.outside;
    }
    // The task loads before anything is recorded: a sweep whose data cannot load leaves no
    // pending jobs behind. Its test labels are what the analysis scores agreement against.
    if (summary.reused < summary.planned) {
      auto task = loadTask(spec.task);
      const torch::Tensor y = task->test.y.to(torch::kInt32).contiguous();
      const std::vector<int> truth(y.data_ptr<int>(), y.data_ptr<int>() + y.numel());
      // Keyed as the analysis looks it up: the task as the jobs' configs hold it (with the
      // digest of its file, for csv/jsonl tasks).
      const std::string taskKey = identityHash(plan.jobs.front().config.at("task"));
      retryWhileBusy([&] { store.saveTestTruth(taskKey, truth); }, patience);
    }
    std::tie(summary.sweepId, runId) = retryWhileBusy(
        [&] { return store.beginSweepRun(spec.name, spec.raw, source, records, owner); }, patience);
  }
  notify(observer, [&](SweepObserver& o) {
    o.sweepStarted(summary.sweepId, summary.planned, summary.reused);
  });

  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int threads =
      options_.threadsPerJob > 0 ? options_.threadsPerJob : std::max(1, hw / options_.jobs);
  setBlasThreads(threads);

  using Clock = std::chrono::steady_clock;
  const auto poll = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options_.pollSeconds));
  std::mutex m;
  std::condition_variable cv;
  Clock::time_point nextPoll = Clock::now();
  bool stopHeartbeat = false;
  std::condition_variable heartbeatCv;
  std::mutex progressMutex;
  std::map<std::string, std::pair<int64_t, int64_t>> progress;  // running jobs: step, total

  // Next claimable job in plan order (state -> Claiming); dependants of jobs that did not finish
  // become Skipped (reported after the lock is released). Called with `m` held.
  auto pickJob = [&](std::vector<SkipEvent>& skips) -> const Job* {
    for (const Job& j : plan.jobs) {
      JobState& st = state[j.hash];
      if (st != JobState::Pending) continue;
      bool ready = true;
      for (const auto& d : j.deps) {
        const JobState ds = state[d];
        if (ds == JobState::Outside) {
          st = JobState::Skipped;
          ++summary.skipped;
          skips.push_back({&j,
                           "its supervisor is not done in this store and is not this run's "
                           "to train (merge the previous level's stores into --inputs)"});
          ready = false;
          break;
        }
        if (ds == JobState::Failed || ds == JobState::Cancelled || ds == JobState::Skipped) {
          st = JobState::Skipped;
          ++summary.skipped;
          skips.push_back({&j, "its supervisor did not finish"});
          ready = false;
          break;
        }
        if (ds != JobState::Done) ready = false;
      }
      if (ready) {
        st = JobState::Claiming;
        return &j;
      }
    }
    return nullptr;
  };
  auto unfinished = [&]() {
    return std::any_of(state.begin(), state.end(),
                       [](const auto& kv) { return !finished(kv.second); });
  };
  auto anyIn = [&](JobState want) {
    return std::any_of(state.begin(), state.end(),
                       [&](const auto& kv) { return kv.second == want; });
  };
  auto localWork = [&]() {  // jobs this runner could still run or is running
    return anyIn(JobState::Claiming) || anyIn(JobState::Running);
  };

  // What the worker found for a job another process holds or finished.
  auto settleElsewhere = [&](const Job& job, JobState now) {
    bool doneElsewhere = false;
    {
      std::lock_guard<std::mutex> lock(m);
      JobState& st = state[job.hash];
      if (now == JobState::Done && st != JobState::Done) {
        ++summary.elsewhere;
        doneElsewhere = true;
      }
      st = now;
    }
    cv.notify_all();
    if (doneElsewhere) {
      notify(observer, [&](SweepObserver& o) {
        o.jobFinished(job, "done elsewhere", "trained by another process", 0.0);
      });
    }
  };

  // Records how one of this runner's jobs ended (its state and count), wakes the other
  // workers, then tells the observer, outside the lock.
  auto finishJob = [&](const Job& job, const std::string& status, const std::string& error,
                       double secs) {
    {
      std::lock_guard<std::mutex> lock(m);
      JobState& st = state[job.hash];
      if (status == "done") {
        st = JobState::Done;
        ++summary.done;
      } else if (status == "done elsewhere") {
        st = JobState::Done;
        ++summary.elsewhere;
      } else if (status == "failed") {
        st = JobState::Failed;
        ++summary.failed;
      } else {
        st = JobState::Cancelled;
        ++summary.cancelled;
      }
    }
    cv.notify_all();
    notify(observer, [&](SweepObserver& o) { o.jobFinished(job, status, error, secs); });
  };

  auto worker = [&]() {
    std::unique_ptr<RunStore> store;
    try {
      at::set_num_threads(threads);
    } catch (...) {
    }
    for (;;) {
      const Job* job = nullptr;
      bool pollNow = false;
      std::vector<SkipEvent> skips;
      {
        std::unique_lock<std::mutex> lock(m);
        for (;;) {
          if (cancel.requested()) break;
          job = pickJob(skips);
          if (job || !unfinished()) break;
          if (!skips.empty()) break;  // report them, then look again
          if (anyIn(JobState::Elsewhere) && Clock::now() >= nextPoll) {
            nextPoll = Clock::now() + poll;
            pollNow = true;
            break;
          }
          if (!localWork() && !anyIn(JobState::Elsewhere)) break;  // nothing can move: done
          // Woken by this runner's events; the timeout covers cancellation (set from a signal
          // handler, which cannot notify) and jobs other processes finish.
          cv.wait_for(lock, std::min<Clock::duration>(poll, std::chrono::milliseconds(200)));
        }
      }
      for (const auto& e : skips) {
        notify(observer, [&](SweepObserver& o) { o.jobFinished(*e.job, "skipped", e.reason, 0); });
      }
      if (cancel.requested()) return;
      if (!job && !pollNow) {
        if (!skips.empty()) continue;
        std::lock_guard<std::mutex> lock(m);
        if (!unfinished() || (!localWork() && !anyIn(JobState::Elsewhere))) return;
        continue;
      }
      try {
        if (!store) {
          store = std::make_unique<RunStore>(dbPath_);
          store->setBusyTimeout(options_.busyTimeoutMs);
        }
      } catch (const std::exception& e) {
        // Without a connection this worker can do nothing: give its job back and stop.
        {
          std::lock_guard<std::mutex> lock(m);
          if (job) state[job->hash] = JobState::Pending;
        }
        cv.notify_all();
        warn(std::string("a worker could not open the store: ") + e.what());
        return;
      }
      if (pollNow) {
        // Jobs held elsewhere: done ones are done here too; the rest are tried again (a claim
        // that expired or whose owner died is taken over).
        std::vector<std::string> held;
        {
          std::lock_guard<std::mutex> lock(m);
          for (const auto& [hash, st] : state) {
            if (st == JobState::Elsewhere) held.push_back(hash);
          }
        }
        for (const auto& hash : held) {
          bool done = false;
          try {
            done = store->isDone(hash);
          } catch (const std::exception&) {
          }
          settleElsewhere(*plan.find(hash), done ? JobState::Done : JobState::Pending);
        }
        continue;
      }

      ClaimResult claim = ClaimResult::Taken;
      try {
        if (jobCancelled(job->hash)) throw Cancelled();
        claim = retryWhileBusy(
            [&] { return store->claimJob(job->hash, owner, options_.leaseSeconds); }, patience);
      } catch (const Cancelled&) {
        finishJob(*job, "cancelled", "cancelled by the user", 0);
        continue;
      } catch (const std::exception& e) {
        claim = ClaimResult::Missing;
        warn(std::string("job ") + job->hash + ": cannot be claimed: " + e.what());
      }
      if (claim == ClaimResult::Done) {
        settleElsewhere(*job, JobState::Done);
        continue;
      }
      if (claim == ClaimResult::Taken) {
        settleElsewhere(*job, JobState::Elsewhere);
        continue;
      }
      if (claim == ClaimResult::Missing) {
        finishJob(*job, "failed", "the store could not give this run the job", 0);
        continue;
      }
      {
        std::lock_guard<std::mutex> lock(m);
        state[job->hash] = JobState::Running;
      }
      notify(observer, [&](SweepObserver& o) { o.jobStarted(*job); });
      std::string status = "done", error;
      const auto t0 = Clock::now();
      try {
        // A token that follows both the sweep's and this job's cancellation.
        struct Watch : TrainObserver {
          JobProgress fwd;
          CancelToken token;
          const CancelToken& sweep;
          SweepRunner* runner;
          const std::string& hash;
          std::mutex& progressMutex;
          std::map<std::string, std::pair<int64_t, int64_t>>& progress;
          Watch(const Job& j, SweepObserver* o, const CancelToken& s, SweepRunner* r,
                std::mutex& pm, std::map<std::string, std::pair<int64_t, int64_t>>& p)
              : fwd(j, o), sweep(s), runner(r), hash(j.hash), progressMutex(pm), progress(p) {}
          void poll() {
            if (sweep.requested() || runner->jobCancelled(hash)) token.request();
          }
          void onStep(int64_t s, int64_t t, double l) override {
            poll();
            {
              std::lock_guard<std::mutex> lock(progressMutex);
              progress[hash] = {s, t};
            }
            try {
              fwd.onStep(s, t, l);
            } catch (...) {
            }
          }
          void onEval(const EvalPoint& p) override {
            try {
              fwd.onEval(p);
            } catch (...) {
            }
          }
        } watch(*job, observer, cancel, this, progressMutex, progress);
        JobResult result = executeJob(*job, dbPath_, options_.device, &watch, &watch.token);
        try {
          const bool saved = retryWhileBusy(
              [&] { return store->saveResult(result, /*keepDone=*/true); }, patience);
          if (!saved) status = "done elsewhere";
        } catch (const StoreError& e) {
          // The store stayed locked (or failed) past our patience: keep the result beside it.
          const std::string kept = keepUnsaved(dbPath_, result);
          throw StoreError(std::string(e.what()) + "; the result is kept in " + kept +
                           " and the next run on this store saves it");
        }
      } catch (const Cancelled&) {
        status = "cancelled";
        error = "cancelled by the user";
      } catch (const std::exception& e) {
        status = "failed";
        error = e.what();
      } catch (...) {
        status = "failed";
        error = "stopped by an unknown error";
      }
      {
        std::lock_guard<std::mutex> lock(progressMutex);
        progress.erase(job->hash);
      }
      if (status == "failed" || status == "cancelled") {
        // Record it (only while this runner still holds the claim); if the store will not take
        // it, say so rather than drop it: the lease then expires and a later run retries.
        try {
          retryWhileBusy([&] { return store->releaseJob(job->hash, owner, status, error); },
                         patience);
        } catch (const std::exception& e) {
          error += std::string(" (the store could not record this: ") + e.what() + ")";
          warn("job " + job->hash + ": " + error);
        }
      }
      finishJob(*job, status, error, std::chrono::duration<double>(Clock::now() - t0).count());
    }
  };

  // Renews this runner's leases and publishes progress for other processes and the window.
  std::thread heartbeat([&]() {
    std::unique_ptr<RunStore> store;
    std::unique_lock<std::mutex> lock(m);
    const auto period = std::chrono::duration<double>(options_.heartbeatSeconds);
    while (!heartbeatCv.wait_for(lock, period, [&] { return stopHeartbeat; })) {
      lock.unlock();
      try {
        if (!store) {
          store = std::make_unique<RunStore>(dbPath_);
          store->setBusyTimeout(1000);  // a busy store skips a beat, the lease has margin
        }
        std::map<std::string, std::pair<int64_t, int64_t>> snapshot;
        {
          std::lock_guard<std::mutex> pl(progressMutex);
          snapshot = progress;
        }
        store->renewLeases(owner, options_.leaseSeconds, snapshot);
      } catch (...) {
      }
      lock.lock();
    }
  });

  std::vector<std::thread> pool;
  for (int i = 0; i < options_.jobs; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  {
    std::lock_guard<std::mutex> lock(m);
    stopHeartbeat = true;
  }
  heartbeatCv.notify_all();
  heartbeat.join();

  // Jobs never started stay "pending" in the store, so a later run resumes them. Left behind
  // without a cancellation (no worker could reach the store), they make the run fail.
  if (!cancel.requested()) {
    int left = 0;
    for (const auto& [hash, st] : state) left += !finished(st);
    if (left > 0) {
      summary.failed += left;
      warn(std::to_string(left) + " jobs were not run; run the sweep again to train them");
    }
  }
  SweepRunRecord record;
  record.id = runId;
  record.outcome = cancel.requested()                     ? "interrupted"
                   : summary.failed + summary.skipped > 0 ? "failed"
                                                          : "finished";
  record.trained = summary.done;
  record.reused = summary.reused;
  record.elsewhere = summary.elsewhere;
  record.failed = summary.failed;
  record.skipped = summary.skipped;
  record.cancelled = summary.cancelled;
  try {
    RunStore store(dbPath_);
    store.setBusyTimeout(options_.busyTimeoutMs);
    retryWhileBusy([&] { store.finishSweepRun(record); }, std::min(patience, 60.0));
  } catch (const std::exception& e) {
    warn(std::string("the run's record was not closed: ") + e.what());
  }
  notify(observer, [&](SweepObserver& o) {
    o.sweepFinished(summary.done, summary.failed, summary.cancelled);
  });
  return summary;
}

}  // namespace w2s
