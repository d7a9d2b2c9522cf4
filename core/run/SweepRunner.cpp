#include "core/run/SweepRunner.h"

#include <dlfcn.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <thread>

#include "core/data/TaskData.h"
#include "core/store/RunStore.h"
#include "core/train/Trainer.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"

namespace w2s {

namespace {

// OpenBLAS keeps its own thread pool, which at::set_num_threads does not reach: with several
// workers each BLAS call would otherwise start one thread per core and oversubscribe them.
void setBlasThreads(int n) {
  using SetFn = void (*)(int);
  if (auto fn = reinterpret_cast<SetFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) fn(n);
}

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

RunSummary SweepRunner::run(const SweepSpec& spec, const std::string& source,
                            SweepObserver* observer, const CancelToken& cancel) {
  const Plan plan = planSweep(spec);
  RunSummary summary;
  summary.planned = static_cast<int>(plan.jobs.size());

  int64_t sweepId = 0;
  std::map<std::string, std::string> state;  // hash -> pending|running|done|failed|...
  {
    RunStore store(dbPath_);
    store.resetInterrupted();
    sweepId = store.addSweep(spec.name, spec.raw, source);
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
    store.addPlannedJobs(sweepId, records);
    for (const Job& j : plan.jobs) {
      const bool done = store.isDone(j.hash);
      state[j.hash] = done ? "done" : "pending";
      if (done) ++summary.reused;
    }
    // Ground truth of the test set, which the analysis needs for agreement splits.
    if (summary.reused < summary.planned) {
      auto task = loadTask(spec.task);
      const torch::Tensor y = task->test.y.to(torch::kInt32).contiguous();
      store.saveTestTruth(contentHash(spec.task.toJson()),
                          std::vector<int>(y.data_ptr<int>(), y.data_ptr<int>() + y.numel()));
    }
  }
  if (observer) observer->sweepStarted(sweepId, summary.planned, summary.reused);

  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int threads =
      options_.threadsPerJob > 0 ? options_.threadsPerJob : std::max(1, hw / options_.jobs);
  setBlasThreads(threads);

  std::mutex m;
  std::condition_variable cv;
  int running = 0;

  // Next runnable job in plan order; marks dependents of failed jobs as skipped.
  auto nextJob = [&]() -> const Job* {
    for (const Job& j : plan.jobs) {
      std::string& st = state[j.hash];
      if (st != "pending") continue;
      bool ready = true;
      for (const auto& d : j.deps) {
        const std::string& ds = state[d];
        if (ds == "failed" || ds == "cancelled" || ds == "skipped") {
          st = "skipped";
          ++summary.skipped;
          if (observer) observer->jobFinished(j, "skipped", "its supervisor did not finish", 0);
          ready = false;
          break;
        }
        if (ds != "done") ready = false;
      }
      if (ready) return &j;
    }
    return nullptr;
  };
  auto anyPending = [&]() {
    return std::any_of(state.begin(), state.end(),
                       [](const auto& kv) { return kv.second == "pending"; });
  };

  auto worker = [&]() {
    at::set_num_threads(threads);
    std::unique_ptr<RunStore> store;
    for (;;) {
      const Job* job = nullptr;
      {
        std::unique_lock<std::mutex> lock(m);
        for (;;) {
          if (cancel.requested()) return;
          job = nextJob();
          if (job || !anyPending()) break;
          if (running == 0) return;  // nothing runnable and nothing running: deps unsatisfiable
          cv.wait(lock);
        }
        if (!job) return;
        state[job->hash] = "running";
        ++running;
      }
      if (!store) store = std::make_unique<RunStore>(dbPath_);
      if (observer) observer->jobStarted(*job);
      std::string status = "done", error;
      const auto t0 = std::chrono::steady_clock::now();
      try {
        if (jobCancelled(job->hash)) throw Cancelled();
        store->markRunning(job->hash);
        // A token that follows both the sweep's and this job's cancellation.
        struct Watch : TrainObserver {
          JobProgress fwd;
          CancelToken token;
          const CancelToken& sweep;
          SweepRunner* runner;
          const std::string& hash;
          Watch(const Job& j, SweepObserver* o, const CancelToken& s, SweepRunner* r)
              : fwd(j, o), sweep(s), runner(r), hash(j.hash) {}
          void poll() {
            if (sweep.requested() || runner->jobCancelled(hash)) token.request();
          }
          void onStep(int64_t s, int64_t t, double l) override {
            poll();
            fwd.onStep(s, t, l);
          }
          void onEval(const EvalPoint& p) override { fwd.onEval(p); }
        } watch(*job, observer, cancel, this);
        JobResult result = executeJob(*job, dbPath_, options_.device, &watch, &watch.token);
        store->saveResult(result);
      } catch (const Cancelled&) {
        status = "cancelled";
        try {
          store->markFailed(job->hash, "cancelled", "cancelled by the user");
        } catch (...) {
        }
      } catch (const std::exception& e) {
        status = "failed";
        error = e.what();
        try {
          store->markFailed(job->hash, "failed", error);
        } catch (...) {
        }
      }
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      {
        std::lock_guard<std::mutex> lock(m);
        state[job->hash] = status;
        --running;
        if (status == "done") ++summary.done;
        if (status == "failed") ++summary.failed;
        if (status == "cancelled") ++summary.cancelled;
      }
      if (observer) observer->jobFinished(*job, status, error, secs);
      cv.notify_all();
    }
  };

  std::vector<std::thread> pool;
  for (int i = 0; i < options_.jobs; ++i) pool.emplace_back(worker);
  // Wake waiting workers when the sweep is cancelled while they wait for dependencies.
  std::thread waker([&]() {
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(m);
        if (running == 0 && (!anyPending() || cancel.requested())) break;
      }
      if (cancel.requested()) cv.notify_all();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    cv.notify_all();
  });
  for (auto& t : pool) t.join();
  {
    std::lock_guard<std::mutex> lock(m);
    for (auto& kv : state) {
      if (kv.second == "pending") kv.second = "cancelled";
    }
    // Jobs never started stay "pending" in the store, so a later run resumes them.
  }
  waker.join();
  if (observer) observer->sweepFinished(summary.done, summary.failed, summary.cancelled);
  return summary;
}

}  // namespace w2s
