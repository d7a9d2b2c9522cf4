#include "core/store/RunStore.h"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/store/BlobCodec.h"
#include "core/store/Migrations.h"
#include "core/store/SqlTime.h"
#include "core/store/Statement.h"
#include "core/store/Transaction.h"
#include "core/util/Error.h"
#include "core/util/JsonLimits.h"

namespace w2s {

namespace {

constexpr int kBusyTimeoutMs = 10000;
constexpr const char* kJobColumns =
    "j.hash, j.kind, j.config_json, j.labels_json, j.status, j.error, j.started_at, "
    "j.finished_at, j.seconds, j.param_count, j.weak_hash, j.final_acc, j.best_acc, j.best_step, "
    "j.tags, j.notes, j.owner, j.lease_until, j.progress_step, j.progress_total";

nlohmann::json parseJson(const std::string& text, const std::string& where) {
  if (text.empty()) return nlohmann::json();
  try {
    // Another program may have written the file: its JSON gets the same depth limit as any.
    return parseJsonLimited(text, where);
  } catch (const DataError& e) {
    throw StoreError(std::string("stored JSON is malformed: ") + e.what());
  }
}

JobRecord readJob(const Statement& s, const std::string& file) {
  JobRecord r;
  r.hash = s.getText(0);
  const std::string where = "run store " + file + ": job " + r.hash;
  try {
    r.kind = jobKindFromString(s.getText(1));
    r.status = jobStatusFromString(s.getText(4));
  } catch (const SpecError& e) {
    throw StoreError(where + ": " + e.what());
  }
  r.config = parseJson(s.getText(2), where + " config_json");
  r.labels = parseJson(s.getText(3), where + " labels_json");
  r.error = s.getText(5);
  r.startedAt = s.getText(6);
  r.finishedAt = s.getText(7);
  r.seconds = s.isNull(8) ? 0.0 : s.getDouble(8);
  r.paramCount = s.getInt(9, 0);
  r.weakHash = s.getText(10);
  // Until a job is done its accuracies keep the JobRecord defaults (so that an unchanged
  // pending row compares equal); a done job with no value (empty test set) reads NaN.
  const bool done = r.status == JobStatus::Done;
  r.finalAcc = s.isNull(11) && !done ? 0.0 : s.getDouble(11);
  r.bestAcc = s.isNull(12) && !done ? 0.0 : s.getDouble(12);
  r.bestStep = s.getInt(13, 0);
  r.tags = s.getText(14);
  r.notes = s.getText(15);
  r.owner = s.getText(16);
  r.leaseUntil = s.isNull(17) ? 0.0 : s.getDouble(17);
  r.progressStep = s.getInt(18, 0);
  r.progressTotal = s.getInt(19, 0);
  return r;
}

SweepRecord readSweep(const Statement& s, const std::string& file) {
  SweepRecord r;
  r.id = s.getInt(0);
  r.name = s.getText(1);
  r.source = s.getText(2);
  r.spec = parseJson(s.getText(3), "run store " + file + ": sweep " + std::to_string(r.id));
  r.createdAt = s.getText(4);
  return r;
}

void checkShape(const ProbMatrix& m, const std::string& where) {
  if (m.rows < 0 || m.cols < 0 || m.data.size() != static_cast<size_t>(m.rows * m.cols)) {
    throw StoreError(where + ": " + std::to_string(m.data.size()) +
                     " values, expected rows * cols = " + std::to_string(m.rows) + " * " +
                     std::to_string(m.cols));
  }
}

std::string jsonText(const nlohmann::json& j) { return j.is_null() ? std::string() : j.dump(); }

// Switching a new file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once,
// without the busy handler, when another connection opens the same new file at that moment (two
// `w2s run`s started together on a fresh store). Retried here for as long as the busy timeout.
void enableWal(sqlite3* db) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  for (int attempt = 0;; ++attempt) {
    try {
      execSql(db, "PRAGMA journal_mode = WAL");
      return;
    } catch (const StoreBusyError&) {
      if (std::chrono::steady_clock::now() >= deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min(5 * (attempt + 1), 100)));
    }
  }
}

}  // namespace

namespace {

sqlite3* openConnection(const std::string& path, bool readOnly) {
  sqlite3* db = nullptr;
  const int flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    throw StoreError("run store " + path + ": cannot open" + (readOnly ? " for reading" : "") +
                     ": " + message);
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  return db;
}

}  // namespace

RunStore::RunStore(const std::string& path, OpenMode mode) : path_(path) {
  if (path.empty()) throw StoreError("run store: the path is empty");
  // An in-memory store is new and private to this connection: nothing to protect.
  const bool readOnly = mode == OpenMode::ReadOnly && path != ":memory:";
  db_ = openConnection(path, readOnly);
  try {
    // Reading the version first refuses a non-SQLite file or someone else's database before any
    // setting below is written into it.
    int version = readSchemaVersion(db_);
    if (readOnly && version > 0 && version < latestSchemaVersion() &&
        ::access(path.c_str(), W_OK) == 0) {
      // An older store that may be written: migrate it once, then read it read-only.
      sqlite3_close(db_);
      db_ = nullptr;
      { RunStore migrated(path); }
      db_ = openConnection(path, true);
      version = readSchemaVersion(db_);
    }
    if (readOnly) {
      if (version == 0) throw StoreError("not a w2s run store (it holds no tables)");
      if (version < latestSchemaVersion()) {
        throw StoreError("schema version " + std::to_string(version) +
                         " needs migrating to version " + std::to_string(latestSchemaVersion()) +
                         ", which a read-only open cannot do; open it once with write access "
                         "(e.g. w2s run)");
      }
      if (version > latestSchemaVersion()) migrateSchema(db_);  // throws: newer than supported
      execSql(db_, "PRAGMA query_only = ON");
      return;
    }
    // WAL lets readers (the GUI, `w2s report`) read while a sweep writes; it needs a real file.
    if (path != ":memory:") enableWal(db_);
    execSql(db_, "PRAGMA foreign_keys = ON");
    // NORMAL is durable across application crashes in WAL mode, and much faster than FULL.
    execSql(db_, "PRAGMA synchronous = NORMAL");
    migrate();
  } catch (const StoreError& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    const std::string what = e.what();
    if (what.find(path) != std::string::npos) throw;
    throw StoreError("run store " + path + ": " + what);
  }
}

RunStore::~RunStore() { sqlite3_close(db_); }

void RunStore::setBusyTimeout(int milliseconds) { sqlite3_busy_timeout(db_, milliseconds); }

void RunStore::migrate() { migrateSchema(db_); }

int RunStore::schemaVersion() const { return readSchemaVersion(db_); }

void RunStore::checkSchemaUnchanged(const std::string& where) const {
  const int version = readSchemaVersion(db_);
  if (version != latestSchemaVersion()) {
    throw StoreError(where + ": the store's schema changed to version " + std::to_string(version) +
                     " while this program (schema " + std::to_string(latestSchemaVersion()) +
                     ") had it open; nothing was written");
  }
}

int64_t RunStore::addSweepRow(const std::string& name, const nlohmann::json& spec,
                              const std::string& source) {
  // One row per definition: the stored spec is nlohmann's canonical dump (sorted keys).
  const std::string specText = spec.dump();
  Statement find(db_, "SELECT id FROM sweeps WHERE name = ? AND spec_json = ? ORDER BY id LIMIT 1");
  find.bind(1, name).bind(2, specText);
  if (find.step()) return find.getInt(0);
  Statement s(db_, std::string("INSERT INTO sweeps(name, source, spec_json, created_at) "
                               "VALUES (?, ?, ?, ") +
                       kNow + ")");
  s.bind(1, name).bind(2, source).bind(3, specText).exec();
  return sqlite3_last_insert_rowid(db_);
}

int64_t RunStore::addSweep(const std::string& name, const nlohmann::json& spec,
                           const std::string& source) {
  Transaction tx(db_);
  const int64_t id = addSweepRow(name, spec, source);
  tx.commit();
  return id;
}

void RunStore::addPlannedJobs(int64_t sweepId, const std::vector<JobRecord>& jobs) {
  Transaction tx(db_);
  insertPlannedJobs(sweepId, jobs);
  tx.commit();
}

void RunStore::insertPlannedJobs(int64_t sweepId, const std::vector<JobRecord>& jobs) {
  if (!sweep(sweepId)) {
    throw StoreError("run store " + path_ + ": no sweep with id " + std::to_string(sweepId));
  }
  Statement insertJob(db_,
                      "INSERT OR IGNORE INTO jobs(hash, kind, config_json, labels_json, status, "
                      "param_count, weak_hash) VALUES (?, ?, ?, ?, 'pending', ?, ?)");
  Statement link(db_, "INSERT OR IGNORE INTO sweep_jobs(sweep_id, job_hash) VALUES (?, ?)");
  for (const JobRecord& j : jobs) {
    insertJob.reset();
    insertJob.bind(1, j.hash)
        .bind(2, toString(j.kind))
        .bind(3, j.config.dump())
        .bind(4, j.labels.dump());
    if (j.paramCount > 0) insertJob.bind(5, j.paramCount);
    insertJob.bindTextOrNull(6, j.weakHash).exec();
    link.reset();
    link.bind(1, sweepId).bind(2, j.hash).exec();
  }
}

std::pair<int64_t, int64_t> RunStore::beginSweepRun(const std::string& name,
                                                    const nlohmann::json& spec,
                                                    const std::string& source,
                                                    const std::vector<JobRecord>& jobs,
                                                    const std::string& owner) {
  Transaction tx(db_);
  const int64_t sweepId = addSweepRow(name, spec, source);
  insertPlannedJobs(sweepId, jobs);
  Statement run(db_, std::string("INSERT INTO sweep_runs(sweep_id, owner, source, started_at) "
                                 "VALUES (?, ?, ?, ") +
                         kNow + ")");
  run.bind(1, sweepId).bind(2, owner).bind(3, source).exec();
  const int64_t runId = sqlite3_last_insert_rowid(db_);
  tx.commit();
  return {sweepId, runId};
}

void RunStore::finishSweepRun(const SweepRunRecord& r) {
  Statement s(db_, std::string("UPDATE sweep_runs SET finished_at = ") + kNow +
                       ", outcome = ?, trained = ?, reused = ?, elsewhere = ?, failed = ?, "
                       "skipped = ?, cancelled = ? WHERE id = ?");
  s.bind(1, r.outcome).bind(2, int64_t{r.trained}).bind(3, int64_t{r.reused});
  s.bind(4, int64_t{r.elsewhere}).bind(5, int64_t{r.failed}).bind(6, int64_t{r.skipped});
  s.bind(7, int64_t{r.cancelled}).bind(8, r.id).exec();
}

std::vector<SweepRunRecord> RunStore::sweepRuns(std::optional<int64_t> sweepId) const {
  Statement s(db_, std::string("SELECT id, sweep_id, owner, source, started_at, finished_at, "
                               "outcome, trained, reused, elsewhere, failed, skipped, cancelled "
                               "FROM sweep_runs") +
                       (sweepId ? " WHERE sweep_id = ?" : "") + " ORDER BY id");
  if (sweepId) s.bind(1, *sweepId);
  std::vector<SweepRunRecord> out;
  while (s.step()) {
    SweepRunRecord r;
    r.id = s.getInt(0);
    r.sweepId = s.getInt(1);
    r.owner = s.getText(2);
    r.source = s.getText(3);
    r.startedAt = s.getText(4);
    r.finishedAt = s.getText(5);
    r.outcome = s.getText(6);
    r.trained = static_cast<int>(s.getInt(7));
    r.reused = static_cast<int>(s.getInt(8));
    r.elsewhere = static_cast<int>(s.getInt(9));
    r.failed = static_cast<int>(s.getInt(10));
    r.skipped = static_cast<int>(s.getInt(11));
    r.cancelled = static_cast<int>(s.getInt(12));
    out.push_back(r);
  }
  return out;
}

std::vector<SweepRecord> RunStore::sweeps() const {
  Statement s(db_, "SELECT id, name, source, spec_json, created_at FROM sweeps ORDER BY id");
  std::vector<SweepRecord> out;
  while (s.step()) out.push_back(readSweep(s, path_));
  return out;
}

std::optional<SweepRecord> RunStore::sweep(int64_t id) const {
  Statement s(db_, "SELECT id, name, source, spec_json, created_at FROM sweeps WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return readSweep(s, path_);
}

std::optional<SweepRecord> RunStore::latestSweep() const {
  Statement s(
      db_, "SELECT id, name, source, spec_json, created_at FROM sweeps ORDER BY id DESC LIMIT 1");
  if (!s.step()) return std::nullopt;
  return readSweep(s, path_);
}

std::vector<std::string> RunStore::sweepJobHashes(int64_t sweepId) const {
  Statement s(db_, "SELECT job_hash FROM sweep_jobs WHERE sweep_id = ? ORDER BY rowid");
  s.bind(1, sweepId);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.getText(0));
  return out;
}

std::optional<JobRecord> RunStore::job(const std::string& hash) const {
  Statement s(db_, std::string("SELECT ") + kJobColumns + " FROM jobs j WHERE j.hash = ?");
  s.bind(1, hash);
  if (!s.step()) return std::nullopt;
  return readJob(s, path_);
}

std::vector<JobRecord> RunStore::jobs(std::optional<int64_t> sweepId) const {
  // rowid order = insertion order, which the planner makes dependencies-first.
  const std::string sql =
      sweepId ? std::string("SELECT ") + kJobColumns +
                    " FROM sweep_jobs sj JOIN jobs j ON j.hash = sj.job_hash"
                    " WHERE sj.sweep_id = ? ORDER BY sj.rowid"
              : std::string("SELECT ") + kJobColumns + " FROM jobs j ORDER BY j.rowid";
  Statement s(db_, sql);
  if (sweepId) s.bind(1, *sweepId);
  std::vector<JobRecord> out;
  while (s.step()) out.push_back(readJob(s, path_));
  return out;
}

std::vector<JobRecord> RunStore::jobsWithStatus(JobStatus status) const {
  Statement s(db_, std::string("SELECT ") + kJobColumns +
                       " FROM jobs j WHERE j.status = ? ORDER BY j.rowid");
  s.bind(1, toString(status));
  std::vector<JobRecord> out;
  while (s.step()) out.push_back(readJob(s, path_));
  return out;
}

bool RunStore::isDone(const std::string& hash) const {
  Statement s(db_, "SELECT 1 FROM jobs WHERE hash = ? AND status = 'done'");
  s.bind(1, hash);
  return s.step();
}

int64_t RunStore::dataVersion() const {
  Statement s(db_, "PRAGMA data_version");
  return s.step() ? s.getInt(0) : 0;
}

void RunStore::markFailed(const std::string& hash, JobStatus status, const std::string& error) {
  if (status != JobStatus::Failed && status != JobStatus::Cancelled) {
    throw StoreError("run store " + path_ + ": job " + hash + ": status '" + toString(status) +
                     "' is not 'failed' or 'cancelled'");
  }
  // A job another process finished stays done.
  Statement s(db_, std::string("UPDATE jobs SET status = ?, error = ?, lease_until = NULL, "
                               "finished_at = ") +
                       kNow + " WHERE hash = ? AND status <> 'done'");
  s.bind(1, toString(status)).bind(2, error).bind(3, hash).exec();
  if (sqlite3_changes(db_) == 0 && !job(hash)) {
    throw StoreError("run store " + path_ + ": no job " + hash);
  }
}

bool RunStore::saveResult(const JobResult& result, bool keepDone) {
  const JobRecord& r = result.record;
  const std::string where = "run store " + path_ + ": job " + r.hash;
  Transaction tx(db_);
  checkSchemaUnchanged(where);
  if (keepDone) {
    Statement done(db_, "SELECT 1 FROM jobs WHERE hash = ? AND status = 'done'");
    done.bind(1, r.hash);
    if (done.step()) return false;
  }
  // Fields the result leaves empty keep what the planner or the user stored.
  Statement upsert(
      db_,
      std::string(
          "INSERT INTO jobs(hash, kind, config_json, labels_json, status, error, started_at, "
          "finished_at, seconds, param_count, weak_hash, final_acc, best_acc, best_step, tags, "
          "notes) VALUES (?1, ?2, coalesce(?3, '{}'), coalesce(?4, '{}'), 'done', '', ?5, "
          "coalesce(?6, ") +
          kNow +
          "), ?7, ?8, ?9, ?10, ?11, ?12, coalesce(?13, ''), "
          "coalesce(?14, '')) "
          "ON CONFLICT(hash) DO UPDATE SET kind = excluded.kind, "
          "config_json = coalesce(?3, jobs.config_json), "
          "labels_json = coalesce(?4, jobs.labels_json), status = 'done', error = '', "
          "started_at = coalesce(?5, jobs.started_at), finished_at = excluded.finished_at, "
          "owner = NULL, lease_until = NULL, "
          "seconds = excluded.seconds, param_count = coalesce(?8, jobs.param_count), "
          "weak_hash = coalesce(?9, jobs.weak_hash), final_acc = excluded.final_acc, "
          "best_acc = excluded.best_acc, best_step = excluded.best_step, "
          "tags = coalesce(?13, jobs.tags), notes = coalesce(?14, jobs.notes)");
  upsert.bind(1, r.hash).bind(2, toString(r.kind));
  upsert.bindTextOrNull(3, jsonText(r.config)).bindTextOrNull(4, jsonText(r.labels));
  upsert.bindTextOrNull(5, r.startedAt).bindTextOrNull(6, r.finishedAt);
  upsert.bind(7, r.seconds);
  if (r.paramCount > 0) upsert.bind(8, r.paramCount);
  upsert.bindTextOrNull(9, r.weakHash).bind(10, r.finalAcc).bind(11, r.bestAcc);
  upsert.bind(12, r.bestStep).bindTextOrNull(13, r.tags).bindTextOrNull(14, r.notes).exec();

  for (const char* table : {"curves", "predictions", "summaries"}) {
    Statement clear(db_, std::string("DELETE FROM ") + table + " WHERE job_hash = ?");
    clear.bind(1, r.hash).exec();
  }
  // OR REPLACE: two evaluations at one step (e.g. the last periodic one and the final one)
  // keep the later.
  Statement point(db_,
                  "INSERT OR REPLACE INTO curves(job_hash, step, epoch, train_loss, test_loss, "
                  "test_acc, agree_all, agree_right, agree_wrong, lr, seconds, train_acc) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const EvalPoint& p : result.curve) {
    point.reset();
    point.bind(1, r.hash).bind(2, p.step).bind(3, p.epoch).bind(4, p.trainLoss);
    point.bind(5, p.testLoss).bind(6, p.testAcc).bind(7, p.agreeAll).bind(8, p.agreeRight);
    point.bind(9, p.agreeWrong).bind(10, p.lr).bind(11, p.seconds).bind(12, p.trainAcc).exec();
  }

  Statement pred(db_,
                 "INSERT INTO predictions(job_hash, split, rows, cols, probs, ids) "
                 "VALUES (?, ?, ?, ?, ?, ?)");
  checkShape(result.testProbs, where + " test probabilities");
  pred.bind(1, r.hash).bind(2, std::string("test")).bind(3, result.testProbs.rows);
  pred.bind(4, result.testProbs.cols).bindBlob(5, encodeFloat32(result.testProbs.data)).exec();
  if (result.labels) {
    checkShape(*result.labels, where + " labels");
    if (result.labelIds.size() != static_cast<size_t>(result.labels->rows)) {
      throw StoreError(where + ": " + std::to_string(result.labelIds.size()) + " label ids for " +
                       std::to_string(result.labels->rows) + " label rows");
    }
    pred.reset();
    pred.bind(1, r.hash).bind(2, std::string("labels")).bind(3, result.labels->rows);
    pred.bind(4, result.labels->cols).bindBlob(5, encodeFloat32(result.labels->data));
    pred.bindBlob(6, encodeInt64(result.labelIds)).exec();
  }

  if (!result.summary.is_null()) {
    Statement summary(db_, "INSERT INTO summaries(job_hash, json) VALUES (?, ?)");
    summary.bind(1, r.hash).bind(2, result.summary.dump()).exec();
  }
  for (const auto& [format, bytes] : result.weights) saveWeights(r.hash, format, bytes);
  tx.commit();
  return true;
}

void RunStore::saveWeights(const std::string& hash, const std::string& format,
                           const std::string& bytes) {
  Statement s(db_, "INSERT OR REPLACE INTO weights(job_hash, format, blob) VALUES (?, ?, ?)");
  s.bind(1, hash).bind(2, format);
  s.bindBlob(3, std::vector<uint8_t>(bytes.begin(), bytes.end())).exec();
}

std::optional<std::string> RunStore::weights(const std::string& hash,
                                             const std::string& format) const {
  Statement s(db_, "SELECT blob FROM weights WHERE job_hash = ? AND format = ?");
  s.bind(1, hash).bind(2, format);
  if (!s.step()) return std::nullopt;
  const std::vector<uint8_t> b = s.getBlob(0);
  return std::string(b.begin(), b.end());
}

void RunStore::setTags(const std::string& hash, const std::string& tags) {
  Statement s(db_, "UPDATE jobs SET tags = ? WHERE hash = ?");
  s.bind(1, tags).bind(2, hash).exec();
  if (sqlite3_changes(db_) == 0) throw StoreError("run store " + path_ + ": no job " + hash);
}

void RunStore::setNotes(const std::string& hash, const std::string& notes) {
  Statement s(db_, "UPDATE jobs SET notes = ? WHERE hash = ?");
  s.bind(1, notes).bind(2, hash).exec();
  if (sqlite3_changes(db_) == 0) throw StoreError("run store " + path_ + ": no job " + hash);
}

std::vector<EvalPoint> RunStore::curve(const std::string& hash) const {
  Statement s(db_,
              "SELECT step, epoch, train_loss, test_loss, test_acc, agree_all, agree_right, "
              "agree_wrong, lr, seconds, train_acc FROM curves WHERE job_hash = ? ORDER BY step");
  s.bind(1, hash);
  std::vector<EvalPoint> out;
  while (s.step()) {
    EvalPoint p;
    p.step = s.getInt(0);
    p.epoch = s.getDouble(1);
    p.trainLoss = s.getDouble(2);
    p.testLoss = s.getDouble(3);
    p.testAcc = s.getDouble(4);
    p.agreeAll = s.getDouble(5);
    p.agreeRight = s.getDouble(6);
    p.agreeWrong = s.getDouble(7);
    p.lr = s.getDouble(8);
    p.seconds = s.getDouble(9);
    p.trainAcc = s.getDouble(10);
    out.push_back(p);
  }
  return out;
}

namespace {

std::optional<ProbMatrix> readPredictions(sqlite3* db, const std::string& file,
                                          const std::string& hash, const std::string& split,
                                          std::vector<int64_t>* ids) {
  Statement s(db,
              "SELECT rows, cols, probs, ids FROM predictions WHERE job_hash = ? AND split = ?");
  s.bind(1, hash).bind(2, split);
  if (!s.step()) return std::nullopt;
  const std::string where = "run store " + file + ": job " + hash + " " + split + " predictions";
  ProbMatrix m;
  m.rows = s.getInt(0);
  m.cols = s.getInt(1);
  m.data = decodeFloat32(s.getBlob(2), where);
  checkShape(m, where);
  if (ids) *ids = decodeInt64(s.getBlob(3), where + " ids");
  return m;
}

}  // namespace

std::optional<ProbMatrix> RunStore::testProbs(const std::string& hash) const {
  return readPredictions(db_, path_, hash, "test", nullptr);
}

std::optional<ProbMatrix> RunStore::labels(const std::string& hash,
                                           std::vector<int64_t>* ids) const {
  return readPredictions(db_, path_, hash, "labels", ids);
}

nlohmann::json RunStore::summary(const std::string& hash) const {
  Statement s(db_, "SELECT json FROM summaries WHERE job_hash = ?");
  s.bind(1, hash);
  if (!s.step()) return nlohmann::json::object();
  return parseJson(s.getText(0), "run store " + path_ + ": summary of job " + hash);
}

void RunStore::saveTestTruth(const std::string& taskHash, const std::vector<int>& truth) {
  Statement s(db_, "INSERT OR REPLACE INTO test_truth(task_hash, labels) VALUES (?, ?)");
  s.bind(1, taskHash).bindBlob(2, encodeInt32(truth)).exec();
}

std::vector<int> RunStore::testTruth(const std::string& taskHash) const {
  Statement s(db_, "SELECT labels FROM test_truth WHERE task_hash = ?");
  s.bind(1, taskHash);
  if (!s.step()) return {};
  return decodeInt32(s.getBlob(0), "run store " + path_ + ": test truth of task " + taskHash);
}

}  // namespace w2s
