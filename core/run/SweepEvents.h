#pragma once
// What a sweep run tells its observers, defined once: each event is a struct here and an
// alternative of SweepEvent. The runner emits them; the console, the window's bridge and tests
// receive the one variant and read the alternatives they care about (std::get_if), so a new
// event is a struct here, its emission in SweepRunner.cpp and the code that reads it.
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include "core/job/JobStatus.h"
#include "core/sweep/Plan.h"
#include "core/train/EvalPoint.h"

namespace w2s {

/// The job an event is about; shared, so events copy cheaply and outlive the run (the window
/// receives them queued, possibly after the runner returned).
using JobRef = std::shared_ptr<const Job>;

/// Before any job runs: how many jobs are planned and how many the store already has.
struct SweepStarted {
  int64_t sweepId = 0;
  int planned = 0;
  int alreadyDone = 0;
};

/// This run claimed the job and starts training it.
struct JobStarted {
  JobRef job;
};

/// A training step finished (every step: observers throttle what they show).
struct JobProgressed {
  JobRef job;
  int64_t step = 0;
  int64_t totalSteps = 0;
  double loss = 0.0;
};

/// An evaluation point of the job's curve.
struct JobEvaluated {
  JobRef job;
  EvalPoint point;
};

/// The job ended in this run (see JobOutcome); error says why for Failed, Cancelled, Skipped.
struct JobFinished {
  JobRef job;
  JobOutcome outcome = JobOutcome::Done;
  std::string error;
  double seconds = 0.0;
};

/// After the last job: what this run trained, what failed and what was cancelled.
struct SweepFinished {
  int done = 0;
  int failed = 0;
  int cancelled = 0;
};

using SweepEvent =
    std::variant<SweepStarted, JobStarted, JobProgressed, JobEvaluated, JobFinished, SweepFinished>;

/// Receives a sweep's events. thread-safety: called from worker threads, concurrently; an
/// implementation must be thread-safe and must not block for long. An observer that throws
/// loses that one event (the run goes on).
class SweepObserver {
 public:
  virtual ~SweepObserver() = default;
  virtual void onEvent(const SweepEvent& event) = 0;
};

}  // namespace w2s
