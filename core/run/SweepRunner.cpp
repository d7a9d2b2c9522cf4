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

using Clock = std::chrono::steady_clock;
using Progress = std::map<std::string, std::pair<int64_t, int64_t>>;  // hash -> step, total

// A job's state in this runner. Only Pending jobs are picked; Elsewhere jobs are looked up in the
// store every pollSeconds. Outside: not done, and not this run's to train (RunOptions::onlyJobs).
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

struct SkipEvent {
  JobRef job;
  std::string reason;
};

// Forwards one job's training progress to the sweep observer and stops training when the sweep
// or this job is cancelled; records the step for the heartbeat. An observer that throws loses
// that one event.
class JobWatch : public TrainObserver {
 public:
  JobWatch(JobRef job, std::function<void(SweepEvent)> emit, const CancelToken& sweep,
           SweepRunner& runner, std::mutex& progressMutex, Progress& progress)
      : job_(std::move(job)),
        emit_(std::move(emit)),
        sweep_(sweep),
        runner_(runner),
        progressMutex_(progressMutex),
        progress_(progress) {}

  const CancelToken& token() const { return token_; }

  void onStep(int64_t step, int64_t total, double loss) override {
    if (sweep_.requested() || runner_.jobCancelled(job_->hash)) token_.request();
    {
      std::lock_guard<std::mutex> lock(progressMutex_);
      progress_[job_->hash] = {step, total};
    }
    emit_(JobProgressed{job_, step, total, loss});
  }
  void onEval(const EvalPoint& p) override { emit_(JobEvaluated{job_, p}); }

 private:
  JobRef job_;
  std::function<void(SweepEvent)> emit_;
  CancelToken token_;
  const CancelToken& sweep_;
  SweepRunner& runner_;
  std::mutex& progressMutex_;
  Progress& progress_;
};

// One call of SweepRunner::run: the plan, each job's state in this run, the counts and the
// threads (workers and the heartbeat). Each worker holds one store connection for all its jobs.
class SweepRun {
 public:
  SweepRun(SweepRunner& runner, const std::string& dbPath, const RunOptions& options,
           SweepObserver* observer, const CancelToken& cancel)
      : runner_(runner),
        dbPath_(dbPath),
        options_(options),
        observer_(observer),
        cancel_(cancel),
        owner_(ClaimOwner::newInstance().text()),
        poll_(std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(options.pollSeconds))) {}

  RunSummary run(const SweepSpec& spec, const std::string& source) {
    prepare(spec, source);
    emit(SweepStarted{summary_.sweepId, summary_.planned, summary_.reused});
    const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads_ =
        options_.threadsPerJob > 0 ? options_.threadsPerJob : std::max(1, hw / options_.jobs);
    setBlasThreads(threads_);

    std::thread beat([this] { heartbeat(); });
    std::vector<std::thread> pool;
    for (int i = 0; i < options_.jobs; ++i) pool.emplace_back([this] { worker(); });
    for (auto& t : pool) t.join();
    {
      std::lock_guard<std::mutex> lock(m_);
      stopHeartbeat_ = true;
    }
    heartbeatCv_.notify_all();
    beat.join();
    close();
    emit(SweepFinished{summary_.done, summary_.failed, summary_.cancelled});
    return summary_;
  }

 private:
  double patience() const { return options_.savePatienceSeconds; }

  void warn(const std::string& w) {
    std::lock_guard<std::mutex> lock(warnMutex_);
    summary_.warnings.push_back(w);
  }

  // Observer calls never take a worker (or the process) down: an observer that throws loses
  // that one event.
  void emit(SweepEvent e) {
    if (!observer_) return;
    try {
      observer_->onEvent(e);
    } catch (...) {
    }
  }

  // Plans the sweep, saves what an earlier run kept aside, the task's test labels, and records
  // the sweep and its jobs.
  void prepare(const SweepSpec& spec, const std::string& source) {
    const Plan plan = planSweep(spec);
    for (const Job& j : plan.jobs) {
      jobs_.push_back(std::make_shared<const Job>(j));
      byHash_[j.hash] = jobs_.back();
    }
    summary_.planned = static_cast<int>(jobs_.size());
    RunStore store(dbPath_);
    store.setBusyTimeout(options_.busyTimeoutMs);
    retryWhileBusy([&] { return store.resetInterrupted(); }, patience());
    // Results an earlier run could not save (the store was locked) are saved first.
    std::vector<std::string> problems;
    retryWhileBusy([&] { return saveKeptResults(store, &problems); }, patience());
    for (const auto& p : problems) warn("kept result not saved: " + p);

    std::vector<JobRecord> records;
    for (const auto& j : jobs_) {
      JobRecord r;
      r.hash = j->hash;
      r.kind = j->kind;
      r.config = j->config;
      r.labels = j->labels;
      if (j->kind == JobKind::Student) r.weakHash = j->config.at("weak").get<std::string>();
      records.push_back(std::move(r));
    }
    for (const auto& j : jobs_) {
      const bool done = store.isDone(j->hash);
      const bool mine = !options_.onlyJobs || options_.onlyJobs->count(j->hash) > 0;
      state_[j->hash] = done ? JobState::Done : mine ? JobState::Pending : JobState::Outside;
      if (done) ++summary_.reused;
      if (!done && !mine) ++summary_.outside;
    }
    // The task loads before anything is recorded: a sweep whose data cannot load leaves no
    // pending jobs behind. Its test labels are what the analysis scores agreement against.
    if (summary_.reused < summary_.planned) {
      auto task = loadTask(spec.task);
      const torch::Tensor y = task->test.y.to(torch::kInt32).contiguous();
      const std::vector<int> truth(y.data_ptr<int>(), y.data_ptr<int>() + y.numel());
      // Keyed as the analysis looks it up: the task as the jobs' configs hold it (with the
      // digest of its file, for csv/jsonl tasks).
      const std::string taskKey = identityHash(jobs_.front()->config.at("task"));
      retryWhileBusy([&] { store.saveTestTruth(taskKey, truth); }, patience());
    }
    std::tie(summary_.sweepId, runId_) = retryWhileBusy(
        [&] { return store.beginSweepRun(spec.name, spec.raw, source, records, owner_); },
        patience());
  }

  // Next claimable job in plan order (state -> Claiming); dependants of jobs that did not finish
  // become Skipped (reported after the lock is released). Called with m_ held.
  JobRef pick(std::vector<SkipEvent>& skips) {
    for (const auto& j : jobs_) {
      JobState& st = state_[j->hash];
      if (st != JobState::Pending) continue;
      bool ready = true;
      for (const auto& d : j->deps) {
        const JobState ds = state_[d];
        if (ds == JobState::Outside) {
          st = JobState::Skipped;
          ++summary_.skipped;
          skips.push_back({j,
                           "its supervisor is not done in this store and is not this run's "
                           "to train (merge the previous level's stores into --inputs)"});
          ready = false;
          break;
        }
        if (ds == JobState::Failed || ds == JobState::Cancelled || ds == JobState::Skipped) {
          st = JobState::Skipped;
          ++summary_.skipped;
          skips.push_back({j, "its supervisor did not finish"});
          ready = false;
          break;
        }
        if (ds != JobState::Done) ready = false;
      }
      if (ready) {
        st = JobState::Claiming;
        return j;
      }
    }
    return nullptr;
  }

  bool unfinished() const {
    return std::any_of(state_.begin(), state_.end(),
                       [](const auto& kv) { return !finished(kv.second); });
  }
  bool anyIn(JobState want) const {
    return std::any_of(state_.begin(), state_.end(),
                       [&](const auto& kv) { return kv.second == want; });
  }
  // Jobs this runner could still run or is running.
  bool localWork() const { return anyIn(JobState::Claiming) || anyIn(JobState::Running); }

  // What a worker found for a job another process holds or finished.
  void settleElsewhere(const JobRef& job, JobState now) {
    bool doneElsewhere = false;
    {
      std::lock_guard<std::mutex> lock(m_);
      JobState& st = state_[job->hash];
      if (now == JobState::Done && st != JobState::Done) {
        ++summary_.elsewhere;
        doneElsewhere = true;
      }
      st = now;
    }
    cv_.notify_all();
    if (doneElsewhere) {
      emit(JobFinished{job, JobOutcome::DoneElsewhere, "trained by another process", 0.0});
    }
  }

  // Records how one of this runner's jobs ended (its state and count), wakes the other
  // workers, then tells the observer, outside the lock.
  void finish(const JobRef& job, JobOutcome outcome, const std::string& error, double secs) {
    {
      std::lock_guard<std::mutex> lock(m_);
      JobState& st = state_[job->hash];
      switch (outcome) {
        case JobOutcome::Done:
          st = JobState::Done;
          ++summary_.done;
          break;
        case JobOutcome::DoneElsewhere:
          st = JobState::Done;
          ++summary_.elsewhere;
          break;
        case JobOutcome::Failed:
          st = JobState::Failed;
          ++summary_.failed;
          break;
        case JobOutcome::Cancelled:
        case JobOutcome::Skipped:
          st = JobState::Cancelled;
          ++summary_.cancelled;
          break;
      }
    }
    cv_.notify_all();
    emit(JobFinished{job, outcome, error, secs});
  }

  // What a worker does next: a job to claim, a poll of jobs held elsewhere, or nothing (the
  // run is over for it, or skips were reported and it should look again).
  struct Next {
    JobRef job;
    bool poll = false;
    bool again = false;
  };

  Next next() {
    Next n;
    std::vector<SkipEvent> skips;
    {
      std::unique_lock<std::mutex> lock(m_);
      for (;;) {
        if (cancel_.requested()) break;
        n.job = pick(skips);
        if (n.job || !unfinished()) break;
        if (!skips.empty()) break;  // report them, then look again
        if (anyIn(JobState::Elsewhere) && Clock::now() >= nextPoll_) {
          nextPoll_ = Clock::now() + poll_;
          n.poll = true;
          break;
        }
        if (!localWork() && !anyIn(JobState::Elsewhere)) break;  // nothing can move: done
        // Woken by this runner's events; the timeout covers cancellation (set from a signal
        // handler, which cannot notify) and jobs other processes finish.
        cv_.wait_for(lock, std::min<Clock::duration>(poll_, std::chrono::milliseconds(200)));
      }
    }
    for (const auto& e : skips) emit(JobFinished{e.job, JobOutcome::Skipped, e.reason, 0});
    n.again = !n.job && !n.poll && !skips.empty();
    return n;
  }

  void worker() {
    std::unique_ptr<RunStore> store;
    try {
      at::set_num_threads(threads_);
    } catch (...) {
    }
    for (;;) {
      const Next n = next();
      if (cancel_.requested()) return;
      if (!n.job && !n.poll) {
        if (n.again) continue;
        std::lock_guard<std::mutex> lock(m_);
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
          std::lock_guard<std::mutex> lock(m_);
          if (n.job) state_[n.job->hash] = JobState::Pending;
        }
        cv_.notify_all();
        warn(std::string("a worker could not open the store: ") + e.what());
        return;
      }
      if (n.poll) {
        pollElsewhere(*store);
      } else {
        claimAndRun(*store, n.job);
      }
    }
  }

  // Jobs held elsewhere: done ones are done here too; the rest are tried again (a claim that
  // expired or whose owner died is taken over).
  void pollElsewhere(const RunStore& store) {
    std::vector<std::string> held;
    {
      std::lock_guard<std::mutex> lock(m_);
      for (const auto& [hash, st] : state_) {
        if (st == JobState::Elsewhere) held.push_back(hash);
      }
    }
    for (const auto& hash : held) {
      bool done = false;
      try {
        done = store.isDone(hash);
      } catch (const std::exception&) {
      }
      settleElsewhere(byHash_.at(hash), done ? JobState::Done : JobState::Pending);
    }
  }

  void claimAndRun(RunStore& store, const JobRef& job) {
    ClaimResult claim = ClaimResult::Taken;
    try {
      if (runner_.jobCancelled(job->hash)) throw Cancelled();
      claim = retryWhileBusy(
          [&] { return store.claimJob(job->hash, owner_, options_.leaseSeconds); }, patience());
    } catch (const Cancelled&) {
      finish(job, JobOutcome::Cancelled, "cancelled by the user", 0);
      return;
    } catch (const std::exception& e) {
      claim = ClaimResult::Missing;
      warn(std::string("job ") + job->hash + ": cannot be claimed: " + e.what());
    }
    switch (claim) {
      case ClaimResult::Done:
        settleElsewhere(job, JobState::Done);
        return;
      case ClaimResult::Taken:
        settleElsewhere(job, JobState::Elsewhere);
        return;
      case ClaimResult::Missing:
        finish(job, JobOutcome::Failed, "the store could not give this run the job", 0);
        return;
      case ClaimResult::Claimed:
        break;
    }
    {
      std::lock_guard<std::mutex> lock(m_);
      state_[job->hash] = JobState::Running;
    }
    emit(JobStarted{job});
    const auto t0 = Clock::now();
    std::string error;
    const JobOutcome outcome = train(store, job, error);
    {
      std::lock_guard<std::mutex> lock(progressMutex_);
      progress_.erase(job->hash);
    }
    if (outcome == JobOutcome::Failed || outcome == JobOutcome::Cancelled) {
      // Record it (only while this runner still holds the claim); if the store will not take
      // it, say so rather than drop it: the lease then expires and a later run retries.
      try {
        retryWhileBusy(
            [&] { return store.releaseJob(job->hash, owner_, storedStatus(outcome), error); },
            patience());
      } catch (const std::exception& e) {
        error += std::string(" (the store could not record this: ") + e.what() + ")";
        warn("job " + job->hash + ": " + error);
      }
    }
    finish(job, outcome, error, std::chrono::duration<double>(Clock::now() - t0).count());
  }

  // Trains a claimed job and saves its result. Nothing thrown escapes: the outcome says how it
  // ended and `error` why.
  JobOutcome train(RunStore& store, const JobRef& job, std::string& error) {
    try {
      JobWatch watch(
          job, [this](SweepEvent e) { emit(std::move(e)); }, cancel_, runner_, progressMutex_,
          progress_);
      JobResult result = executeJob(*job, store, options_.device, &watch, &watch.token());
      try {
        const bool saved =
            retryWhileBusy([&] { return store.saveResult(result, /*keepDone=*/true); }, patience());
        return saved ? JobOutcome::Done : JobOutcome::DoneElsewhere;
      } catch (const StoreError& e) {
        // The store stayed locked (or failed) past our patience: keep the result beside it.
        const std::string kept = keepUnsaved(dbPath_, result);
        throw StoreError(std::string(e.what()) + "; the result is kept in " + kept +
                         " and the next run on this store saves it");
      }
    } catch (const Cancelled&) {
      error = "cancelled by the user";
      return JobOutcome::Cancelled;
    } catch (const std::exception& e) {
      error = e.what();
    } catch (...) {
      error = "stopped by an unknown error";
    }
    return JobOutcome::Failed;
  }

  // Renews this runner's leases and publishes progress for other processes and the window.
  void heartbeat() {
    std::unique_ptr<RunStore> store;
    std::unique_lock<std::mutex> lock(m_);
    const auto period = std::chrono::duration<double>(options_.heartbeatSeconds);
    while (!heartbeatCv_.wait_for(lock, period, [&] { return stopHeartbeat_; })) {
      lock.unlock();
      try {
        if (!store) {
          store = std::make_unique<RunStore>(dbPath_);
          store->setBusyTimeout(1000);  // a busy store skips a beat, the lease has margin
        }
        Progress snapshot;
        {
          std::lock_guard<std::mutex> pl(progressMutex_);
          snapshot = progress_;
        }
        store->renewLeases(owner_, options_.leaseSeconds, snapshot);
      } catch (...) {
      }
      lock.lock();
    }
  }

  // Closes the run's record. Jobs never started stay pending in the store, so a later run
  // resumes them; left behind without a cancellation (no worker could reach the store), they
  // make the run fail.
  void close() {
    if (!cancel_.requested()) {
      int left = 0;
      for (const auto& [hash, st] : state_) left += !finished(st);
      if (left > 0) {
        summary_.failed += left;
        warn(std::to_string(left) + " jobs were not run; run the sweep again to train them");
      }
    }
    SweepRunRecord record;
    record.id = runId_;
    record.outcome = cancel_.requested()                      ? "interrupted"
                     : summary_.failed + summary_.skipped > 0 ? "failed"
                                                              : "finished";
    record.trained = summary_.done;
    record.reused = summary_.reused;
    record.elsewhere = summary_.elsewhere;
    record.failed = summary_.failed;
    record.skipped = summary_.skipped;
    record.cancelled = summary_.cancelled;
    try {
      RunStore store(dbPath_);
      store.setBusyTimeout(options_.busyTimeoutMs);
      retryWhileBusy([&] { store.finishSweepRun(record); }, std::min(patience(), 60.0));
    } catch (const std::exception& e) {
      warn(std::string("the run's record was not closed: ") + e.what());
    }
  }

  SweepRunner& runner_;
  const std::string& dbPath_;
  const RunOptions& options_;
  SweepObserver* observer_;
  const CancelToken& cancel_;
  const std::string owner_;
  const Clock::duration poll_;
  int threads_ = 1;
  int64_t runId_ = 0;

  std::vector<JobRef> jobs_;  // plan order
  std::map<std::string, JobRef> byHash_;
  RunSummary summary_;
  std::mutex warnMutex_;

  std::mutex m_;  // guards state_, the summary's counts, nextPoll_ and stopHeartbeat_
  std::condition_variable cv_;
  std::map<std::string, JobState> state_;
  Clock::time_point nextPoll_ = Clock::now();
  bool stopHeartbeat_ = false;
  std::condition_variable heartbeatCv_;

  std::mutex progressMutex_;
  Progress progress_;  // running jobs
};

}  // namespace

RunSummary SweepRunner::run(const SweepSpec& spec, const std::string& source,
                            SweepObserver* observer, const CancelToken& cancel) {
  SweepRun run(*this, dbPath_, options_, observer, cancel);
  return run.run(spec, source);
}

}  // namespace w2s
