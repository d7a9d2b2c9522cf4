#include "core/store/Migrations.h"

#include "core/store/Statement.h"
#include "core/store/Transaction.h"
#include "core/util/Error.h"

namespace w2s {

namespace {

// Version 1: the first published layout.
const char* const kV1 = R"sql(
CREATE TABLE sweeps(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  spec_json TEXT NOT NULL,
  created_at TEXT NOT NULL);
CREATE TABLE jobs(
  hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  config_json TEXT NOT NULL,
  labels_json TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'pending',
  error TEXT NOT NULL DEFAULT '',
  started_at TEXT,
  finished_at TEXT,
  seconds REAL,
  param_count INTEGER,
  weak_hash TEXT,
  final_acc REAL,
  best_acc REAL,
  best_step INTEGER);
CREATE INDEX jobs_status ON jobs(status);
CREATE TABLE sweep_jobs(
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  job_hash TEXT NOT NULL REFERENCES jobs(hash) ON DELETE CASCADE,
  PRIMARY KEY(sweep_id, job_hash));
CREATE INDEX sweep_jobs_job ON sweep_jobs(job_hash);
CREATE TABLE curves(
  job_hash TEXT NOT NULL REFERENCES jobs(hash) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  epoch REAL,
  train_loss REAL,
  test_loss REAL,
  test_acc REAL,
  agree_all REAL,
  agree_right REAL,
  agree_wrong REAL,
  lr REAL,
  seconds REAL,
  PRIMARY KEY(job_hash, step));
CREATE TABLE predictions(
  job_hash TEXT NOT NULL REFERENCES jobs(hash) ON DELETE CASCADE,
  split TEXT NOT NULL CHECK(split IN ('test', 'labels')),
  rows INTEGER NOT NULL,
  cols INTEGER NOT NULL,
  probs BLOB NOT NULL,
  ids BLOB,
  PRIMARY KEY(job_hash, split));
CREATE TABLE test_truth(
  task_hash TEXT PRIMARY KEY,
  labels BLOB NOT NULL);
)sql";

// Version 2: user tags and notes on jobs; per-job summaries.
const char* const kV2 = R"sql(
ALTER TABLE jobs ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
CREATE TABLE summaries(
  job_hash TEXT PRIMARY KEY REFERENCES jobs(hash) ON DELETE CASCADE,
  json TEXT NOT NULL);
)sql";

// Version 3: model weights of jobs that others build on (pretrain jobs: the backbone as a torch
// archive, the tokenizer as JSON), one blob per (job, format).
const char* const kV3 = R"sql(
CREATE TABLE weights(
  job_hash TEXT NOT NULL REFERENCES jobs(hash) ON DELETE CASCADE,
  format TEXT NOT NULL,
  blob BLOB NOT NULL,
  PRIMARY KEY(job_hash, format));
)sql";

bool hasTable(sqlite3* db, const std::string& name) {
  Statement s(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  s.bind(1, name);
  return s.step();
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1, "initial layout", kV1},
      {2, "job tags and notes, summaries table", kV2},
      {3, "weights table", kV3},
  };
  return list;
}

int latestSchemaVersion() { return migrations().back().version; }

int readSchemaVersion(sqlite3* db) {
  if (!hasTable(db, "schema_version")) {
    Statement any(db, "SELECT name FROM sqlite_master WHERE type = 'table' LIMIT 1");
    if (any.step()) {
      throw StoreError("run store " + databaseName(db) +
                       ": not a w2s run store (it has tables but no schema_version table)");
    }
    return 0;
  }
  Statement s(db, "SELECT max(version) FROM schema_version");
  return s.step() ? static_cast<int>(s.getInt(0, 0)) : 0;
}

void migrateSchema(sqlite3* db) {
  const int current = readSchemaVersion(db);
  if (current > latestSchemaVersion()) {
    throw StoreError("run store " + databaseName(db) + ": schema version " +
                     std::to_string(current) + " is newer than this program supports (" +
                     std::to_string(latestSchemaVersion()) + "); update w2s");
  }
  for (const Migration& m : migrations()) {
    if (m.version <= current) continue;
    Transaction tx(db);
    // Another process may have migrated while we waited for the write lock.
    if (readSchemaVersion(db) >= m.version) continue;
    try {
      execSql(db, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
      execSql(db, m.sql);
      execSql(db, "DELETE FROM schema_version");
      Statement set(db, "INSERT INTO schema_version(version) VALUES (?)");
      set.bind(1, static_cast<int64_t>(m.version)).exec();
    } catch (const StoreError& e) {
      throw StoreError(std::string(e.what()) + " (while migrating to schema version " +
                       std::to_string(m.version) + ": " + m.description + ")");
    }
    tx.commit();
  }
}

}  // namespace w2s
