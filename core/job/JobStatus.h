#pragma once
// A job's state in the store, and how a job ended in one run: enums at every layer above SQL
// (the store writes and reads the names).
#include <iosfwd>
#include <string>

namespace w2s {

/// A job's row in the store. Done is terminal; Failed and Cancelled are retried by a later run;
/// Running carries an owner and a lease.
enum class JobStatus { Pending, Running, Done, Failed, Cancelled };

/// "pending" | "running" | "done" | "failed" | "cancelled": the names the store holds.
const char* toString(JobStatus s);
/// Reads toString's names; throws SpecError naming what was expected.
JobStatus jobStatusFromString(const std::string& s);
std::ostream& operator<<(std::ostream& os, JobStatus s);

/// How one of a sweep's jobs ended in one run (what a sweep observer is told).
enum class JobOutcome {
  Done,           ///< this run trained it and stored the result
  DoneElsewhere,  ///< another process trained it while this run waited or before it could claim
  Failed,         ///< an error stopped it; the store records the message
  Cancelled,      ///< the user (or the sweep's cancellation) stopped it
  Skipped,        ///< a job it depends on did not finish
};

/// "done" | "done elsewhere" | "failed" | "cancelled" | "skipped": console and window text.
const char* toString(JobOutcome o);
/// Reads toString's names; throws SpecError naming what was expected.
JobOutcome jobOutcomeFromString(const std::string& s);
std::ostream& operator<<(std::ostream& os, JobOutcome o);
/// The store status a run's outcome leaves (Skipped leaves the job pending).
JobStatus storedStatus(JobOutcome o);

}  // namespace w2s
