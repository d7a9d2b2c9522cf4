#include "core/job/JobStatus.h"

#include <ostream>

#include "core/util/Error.h"

namespace w2s {

const char* toString(JobStatus s) {
  switch (s) {
    case JobStatus::Pending:
      return "pending";
    case JobStatus::Running:
      return "running";
    case JobStatus::Done:
      return "done";
    case JobStatus::Failed:
      return "failed";
    case JobStatus::Cancelled:
      return "cancelled";
  }
  return "pending";
}

JobStatus jobStatusFromString(const std::string& s) {
  for (JobStatus st : {JobStatus::Pending, JobStatus::Running, JobStatus::Done, JobStatus::Failed,
                       JobStatus::Cancelled}) {
    if (s == toString(st)) return st;
  }
  throw SpecError(
      "job status: expected \"pending\", \"running\", \"done\", \"failed\" or \"cancelled\", got "
      "\"" +
      s + "\"");
}

std::ostream& operator<<(std::ostream& os, JobStatus s) { return os << toString(s); }

const char* toString(JobOutcome o) {
  switch (o) {
    case JobOutcome::Done:
      return "done";
    case JobOutcome::DoneElsewhere:
      return "done elsewhere";
    case JobOutcome::Failed:
      return "failed";
    case JobOutcome::Cancelled:
      return "cancelled";
    case JobOutcome::Skipped:
      return "skipped";
  }
  return "failed";
}

JobOutcome jobOutcomeFromString(const std::string& s) {
  for (JobOutcome o : {JobOutcome::Done, JobOutcome::DoneElsewhere, JobOutcome::Failed,
                       JobOutcome::Cancelled, JobOutcome::Skipped}) {
    if (s == toString(o)) return o;
  }
  throw SpecError(
      "job outcome: expected \"done\", \"done elsewhere\", \"failed\", \"cancelled\" or "
      "\"skipped\", got \"" +
      s + "\"");
}

std::ostream& operator<<(std::ostream& os, JobOutcome o) { return os << toString(o); }

JobStatus storedStatus(JobOutcome o) {
  switch (o) {
    case JobOutcome::Done:
    case JobOutcome::DoneElsewhere:
      return JobStatus::Done;
    case JobOutcome::Failed:
      return JobStatus::Failed;
    case JobOutcome::Cancelled:
      return JobStatus::Cancelled;
    case JobOutcome::Skipped:
      return JobStatus::Pending;
  }
  return JobStatus::Pending;
}

}  // namespace w2s
