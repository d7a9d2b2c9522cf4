#include "core/run/JobRecordFill.h"

#include <ctime>

namespace w2s {

JobClock::JobClock() : started(std::chrono::steady_clock::now()), startedAt(nowIso()) {}

std::string nowIso() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::tm utc{};
  gmtime_r(&t, &utc);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

JobResult finishedResult(const Job& job, const JobClock& clock, std::vector<EvalPoint> curve,
                         int64_t paramCount) {
  JobResult r;
  JobRecord& rec = r.record;
  rec.hash = job.hash;
  rec.kind = job.kind;
  rec.config = job.config;
  rec.labels = job.labels;
  rec.status = JobStatus::Done;
  rec.startedAt = clock.startedAt;
  rec.finishedAt = nowIso();
  rec.paramCount = paramCount;
  if (job.kind == JobKind::Student) rec.weakHash = job.config.at("weak").get<std::string>();
  if (!curve.empty()) {
    rec.finalAcc = curve.back().testAcc;
    rec.bestAcc = -1;
    for (const auto& p : curve) {
      if (p.testAcc > rec.bestAcc) {
        rec.bestAcc = p.testAcc;
        rec.bestStep = p.step;
      }
    }
  }
  r.curve = std::move(curve);
  rec.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - clock.started).count();
  return r;
}

}  // namespace w2s
