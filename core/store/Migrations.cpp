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

// Version 4: several writers on one store. A running job records who claimed it (owner: host,
// pid and process start time) and until when the claim holds (lease_until, Unix seconds, renewed
// by the owner's heartbeat), and how far it got (progress_*), so that other processes and the
// window can tell a live job from an abandoned one. A sweep definition has one row; each run of
// it is a sweep_runs row. Sweeps recorded twice by older versions are merged into their first
// row (their jobs linked to it, each extra row kept as a run).
const char* const kV5 = R"sql(
ALTER TABLE curves ADD COLUMN train_acc REAL;
)sql";

const char* const kV4 = R"sql(
ALTER TABLE jobs ADD COLUMN owner TEXT;
ALTER TABLE jobs ADD COLUMN lease_until REAL;
ALTER TABLE jobs ADD COLUMN progress_step INTEGER;
ALTER TABLE jobs ADD COLUMN progress_total INTEGER;
CREATE TABLE sweep_runs(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  owner TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  finished_at TEXT,
  outcome TEXT,
  trained INTEGER,
  reused INTEGER,
  elsewhere INTEGER,
  failed INTEGER,
  skipped INTEGER,
  cancelled INTEGER);
CREATE INDEX sweep_runs_sweep ON sweep_runs(sweep_id);
CREATE INDEX sweeps_spec ON sweeps(spec_json);
INSERT INTO sweep_runs(sweep_id, source, started_at, outcome)
  SELECT (SELECT min(f.id) FROM sweeps f WHERE f.spec_json = s.spec_json), s.source,
         s.created_at, 'recorded before schema 4'
  FROM sweeps s ORDER BY s.id;
INSERT OR IGNORE INTO sweep_jobs(sweep_id, job_hash)
  SELECT (SELECT min(f.id) FROM sweeps f WHERE f.spec_json = s.spec_json), sj.job_hash
  FROM sweep_jobs sj JOIN sweeps s ON s.id = sj.sweep_id ORDER BY sj.rowid;
DELETE FROM sweep_jobs WHERE sweep_id IN (
  SELECT s.id FROM sweeps s WHERE s.id <> (SELECT min(f.id) FROM sweeps f WHERE f.spec_json = s.spec_json));
DELETE FROM sweeps WHERE id <> (SELECT min(f.id) FROM sweeps f WHERE f.spec_json = sweeps.spec_json);
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1, "initial layout", kV1},
      {2, "job tags and notes, summaries table", kV2},
      {3, "weights table", kV3},
      {4, "job claims and leases, one row per sweep definition, sweep runs", kV4},
      {5, "training accuracy against the given labels in curves", kV5},
  };
  return list;
}

int latestSchemaVersion() { return migrations().back().version; }

int readSchemaVersion(sqlite3* db) {
  // One statement, so one snapshot: two separate reads could see no table and then the tables
  // of a migration another connection committed in between.
  Statement tables(db,
                   "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                   "name = 'schema_version'), (SELECT count(*) FROM sqlite_master WHERE "
                   "type = 'table')");
  tables.step();
  const bool hasVersionTable = tables.getInt(0, 0) > 0;
  const bool hasAnyTable = tables.getInt(1, 0) > 0;
  if (!hasVersionTable) {
    if (hasAnyTable) {
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
