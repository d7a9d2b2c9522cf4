#pragma once
// The one place a finished job's record is filled in: every executor (training, pretraining,
// synthetic labels) starts a JobClock, produces its curve and extras, and calls finishedResult.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/store/RunStore.h"
#include "core/sweep/Plan.h"
#include "core/train/EvalPoint.h"

namespace w2s {

/// When a job started: wall clock (ISO 8601 UTC, as the store keeps it) and a steady clock.
struct JobClock {
  JobClock();
  std::chrono::steady_clock::time_point started;
  std::string startedAt;
};

/// The current time as ISO 8601 UTC ("2026-12-03T14:50:19Z").
std::string nowIso();

/// A done job's result: the record's identity (hash, kind, config, labels, supervisor) from
/// `job`, status Done, start and finish times and seconds from `clock` to now, `paramCount`, and
/// the final and best test accuracy (and the best step) from `curve`, which it keeps.
JobResult finishedResult(const Job& job, const JobClock& clock, std::vector<EvalPoint> curve,
                         int64_t paramCount);

}  // namespace w2s
