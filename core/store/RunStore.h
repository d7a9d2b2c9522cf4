#pragma once
// SQLite run store (docs/store-schema.md). One RunStore = one connection: use one per thread.
// thread-safety: a RunStore must not be used from two threads at once; give each worker thread
// its own RunStore on the same file (WAL mode and the busy timeout let them write in turn).
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/job/JobKind.h"
#include "core/job/JobStatus.h"
#include "core/store/ProbMatrix.h"
#include "core/train/EvalPoint.h"

struct sqlite3;

namespace w2s {

struct SweepRecord {
  int64_t id = 0;
  std::string name;
  std::string source;     ///< file path it was read from ("" if none)
  nlohmann::json spec;    ///< the file as given
  std::string createdAt;  ///< ISO 8601 UTC
};

/// A job's row.
struct JobRecord {
  std::string hash;
  JobKind kind = JobKind::Weak;
  nlohmann::json config;  ///< Job::config
  nlohmann::json labels;  ///< Job::labels (JobLabels::toJson)
  JobStatus status = JobStatus::Pending;
  std::string error;
  std::string startedAt, finishedAt;
  double seconds = 0.0;
  int64_t paramCount = 0;
  std::string weakHash;   ///< students: their supervisor
  double finalAcc = 0.0;  ///< test accuracy at the end (0 until done)
  double bestAcc = 0.0;   ///< best test accuracy over the curve (0 until done)
  int64_t bestStep = 0;
  std::string tags;          ///< comma-separated, user-editable
  std::string notes;         ///< user-editable
  std::string owner;         ///< running jobs: ClaimOwner::text() of the claiming process
  double leaseUntil = 0.0;   ///< running jobs: the claim holds until then (Unix seconds)
  int64_t progressStep = 0;  ///< running jobs: last step the owner reported
  int64_t progressTotal = 0;
};

/// One run of a sweep definition (`w2s run`, the window's Run, an import).
struct SweepRunRecord {
  int64_t id = 0;
  int64_t sweepId = 0;
  std::string owner, source, startedAt, finishedAt;
  std::string outcome;  ///< "" while running; "finished" | "interrupted" | "failed" | ...
  int trained = 0, reused = 0, elsewhere = 0, failed = 0, skipped = 0, cancelled = 0;
};

/// What claimJob found.
enum class ClaimResult {
  Claimed,  ///< this owner now holds the job
  Done,     ///< the job is done (terminal): nothing to train
  Taken,    ///< a live process holds an unexpired claim
  Missing,  ///< no such job row
};

/// Everything a finished job produced, saved in one transaction.
struct JobResult {
  JobRecord record;  ///< status Done, timings, accuracies filled in
  std::vector<EvalPoint> curve;
  ProbMatrix testProbs;              ///< every job: probabilities on the test set
  std::optional<ProbMatrix> labels;  ///< weak jobs: soft labels on half B
  std::vector<int64_t> labelIds;     ///< weak jobs: example ids (rows of `labels`)
  nlohmann::json summary;            ///< extra per-job numbers (e.g. agreement at the end)
  /// Blobs other jobs load, by format (pretrain jobs: "torch-backbone", "bpe-json").
  std::map<std::string, std::string> weights;
};

class RunStore {
 public:
  static constexpr int kSchemaVersion = 5;
  enum class OpenMode { ReadWrite, ReadOnly };

  /// Opens or creates the store at `path` (":memory:" in unit tests), enables WAL and a busy
  /// timeout, and migrates older schemas. ReadOnly opens an existing store without writing to it
  /// (works on a read-only file; refuses a store that needs migrating). Throws StoreError naming
  /// the file.
  explicit RunStore(const std::string& path, OpenMode mode = OpenMode::ReadWrite);
  ~RunStore();
  RunStore(const RunStore&) = delete;
  RunStore& operator=(const RunStore&) = delete;

  /// How long a statement waits for another writer's lock before StoreBusyError (default 10 s).
  void setBusyTimeout(int milliseconds);
  /// The path the store was opened with.
  const std::string& path() const { return path_; }
  /// Schema version recorded in the file (kSchemaVersion once opened).
  int schemaVersion() const;

  // Sweeps
  /// The id of the sweep row of this definition (name and spec), added if the store has none:
  /// one row per sweep definition, however often it runs.
  int64_t addSweep(const std::string& name, const nlohmann::json& spec, const std::string& source);
  /// In one transaction: the sweep's row (addSweep), its planned jobs (addPlannedJobs) and a new
  /// sweep_runs row owned by `owner`. Returns {sweep id, run id}.
  std::pair<int64_t, int64_t> beginSweepRun(const std::string& name, const nlohmann::json& spec,
                                            const std::string& source,
                                            const std::vector<JobRecord>& jobs,
                                            const std::string& owner);
  /// Closes a sweep run with its outcome and counts.
  void finishSweepRun(const SweepRunRecord& run);
  /// Runs of one sweep (or of all), oldest first.
  std::vector<SweepRunRecord> sweepRuns(std::optional<int64_t> sweepId = std::nullopt) const;
  /// Links planned jobs to a sweep and inserts them as "pending" unless already present (a job
  /// already stored keeps its row and status). Throws StoreError for an unknown sweep id.
  void addPlannedJobs(int64_t sweepId, const std::vector<JobRecord>& jobs);
  /// Every sweep, oldest first.
  std::vector<SweepRecord> sweeps() const;
  /// The sweep with this id, if any.
  std::optional<SweepRecord> sweep(int64_t id) const;
  /// The most recently added sweep, if any.
  std::optional<SweepRecord> latestSweep() const;
  /// Hashes of a sweep's jobs in plan order (dependencies first).
  std::vector<std::string> sweepJobHashes(int64_t sweepId) const;

  // Jobs
  /// The job with this hash, if stored.
  std::optional<JobRecord> job(const std::string& hash) const;
  /// All jobs in insertion order, or those of one sweep in plan order.
  std::vector<JobRecord> jobs(std::optional<int64_t> sweepId = std::nullopt) const;
  /// Jobs with this status (Running: what every process trains now), in insertion order.
  std::vector<JobRecord> jobsWithStatus(JobStatus status) const;
  /// True when the job is stored as done.
  bool isDone(const std::string& hash) const;
  /// Sets status Running and started_at = now, with no owner (single-writer use and tests); a
  /// done job stays done. Throws StoreError for an unknown job.
  void markRunning(const std::string& hash);
  /// Claims a job for `owner` (ClaimOwner::text()) with a lease of `leaseSeconds`: succeeds only
  /// if the job is pending, failed or cancelled, or running under a claim that expired or whose
  /// owner process is dead; checked and written atomically (one IMMEDIATE transaction, the
  /// UPDATE's change count). Done is terminal.
  ClaimResult claimJob(const std::string& hash, const std::string& owner, double leaseSeconds);
  /// Extends the lease of every job `owner` holds and records their progress (hash -> {step,
  /// total}); returns how many claims were renewed.
  int renewLeases(const std::string& owner, double leaseSeconds,
                  const std::map<std::string, std::pair<int64_t, int64_t>>& progress = {});
  /// Ends `owner`'s claim with status Failed or Cancelled and the error text; false (and
  /// nothing written) when the job is done or held by someone else.
  bool releaseJob(const std::string& hash, const std::string& owner, JobStatus status,
                  const std::string& error);
  /// Status Failed or Cancelled, with the error text; a job already done stays done.
  void markFailed(const std::string& hash, JobStatus status, const std::string& error);
  /// Saves a finished job (record, curve, predictions, summary) in one transaction: on any error
  /// nothing of it is stored. Empty config/labels/weakHash/tags/notes/startedAt and a zero
  /// paramCount keep what the row already holds.
  /// With `keepDone`, a job that is already done (trained elsewhere) is left as it is and false
  /// is returned; otherwise the result replaces what was stored.
  bool saveResult(const JobResult& result, bool keepDone = false);
  /// Jobs left running by a process that is gone (dead on this host, an expired lease, or no
  /// owner recorded) go back to "pending"; live claims are kept. Returns how many.
  int resetInterrupted();
  /// Changes when another connection commits (PRAGMA data_version): a cheap "anything new?".
  int64_t dataVersion() const;
  /// Replaces the job's comma-separated tags; throws StoreError for an unknown job.
  void setTags(const std::string& hash, const std::string& tags);
  /// Replaces the job's notes; throws StoreError for an unknown job.
  void setNotes(const std::string& hash, const std::string& notes);

  // Results
  /// Evaluations ordered by step; metrics stored as NULL (NaN) read back as NaN.
  std::vector<EvalPoint> curve(const std::string& hash) const;
  /// Test-set probabilities, or nullopt when the job has none.
  std::optional<ProbMatrix> testProbs(const std::string& hash) const;
  /// Weak labels on half B (weak jobs), with their example ids in `ids` when given.
  std::optional<ProbMatrix> labels(const std::string& hash,
                                   std::vector<int64_t>* ids = nullptr) const;
  /// The job's summary, or an empty object when none was saved.
  nlohmann::json summary(const std::string& hash) const;
  /// Ground-truth test labels of a task, stored once per task hash (needed by analysis);
  /// key: contentHash(config["task"]). Replaces what was stored.
  void saveTestTruth(const std::string& taskHash, const std::vector<int>& truth);
  /// Empty when the task has none stored.
  std::vector<int> testTruth(const std::string& taskHash) const;

  // Weights
  /// Stores (replaces) a job's blob of `format`; the job must be stored. Throws StoreError.
  void saveWeights(const std::string& hash, const std::string& format, const std::string& bytes);
  /// The job's blob of `format`, or nullopt.
  std::optional<std::string> weights(const std::string& hash, const std::string& format) const;

  /// The raw connection (for tests and ad-hoc queries on the owning thread).
  sqlite3* handle() const { return db_; }

 private:
  void migrate();
  /// Throws StoreError when another process changed the file's schema since this connection
  /// opened it (a long-lived connection, e.g. a sweep worker's, writes nothing into a layout
  /// this program does not know). Call inside the write's transaction.
  void checkSchemaUnchanged(const std::string& where) const;
  int64_t addSweepRow(const std::string& name, const nlohmann::json& spec,
                      const std::string& source);
  void insertPlannedJobs(int64_t sweepId, const std::vector<JobRecord>& jobs);
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace w2s
