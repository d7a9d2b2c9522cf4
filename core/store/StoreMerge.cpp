#include "core/store/StoreMerge.h"

#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/store/RunStore.h"
#include "core/store/Statement.h"
#include "core/store/Transaction.h"
#include "core/util/Error.h"

namespace w2s {

namespace {

namespace fs = std::filesystem;

// Columns copied with a job row; claims (owner, lease, progress) belong to the input's
// processes and are never copied.
const char* const kJobColumns =
    "kind, config_json, labels_json, status, error, started_at, finished_at, seconds, "
    "param_count, weak_hash, final_acc, best_acc, best_step";

/// Detaches the input however the merge ends.
class Attached {
 public:
  Attached(sqlite3* db, const std::string& path) : db_(db) {
    Statement attach(db, "ATTACH DATABASE ? AS src");
    attach.bind(1, path).exec();
  }
  ~Attached() { sqlite3_exec(db_, "DETACH DATABASE src", nullptr, nullptr, nullptr); }
  Attached(const Attached&) = delete;
  Attached& operator=(const Attached&) = delete;

 private:
  sqlite3* db_;
};

/// Runs one statement on the output and returns how many rows it inserted, updated or deleted.
int64_t change(sqlite3* db, const std::string& sql) {
  Statement s(db, sql);
  s.exec();
  return sqlite3_changes(db);
}

std::string number(const Statement& s, int column) {
  if (s.isNull(column)) return "none";
  std::ostringstream out;
  out.precision(17);
  out << s.getDouble(column);
  return out.str();
}

/// Jobs done in both stores: identical ones counted, differing ones listed (and remembered in
/// temp.merge_conflict so nothing of theirs is copied).
void compareDoneJobs(sqlite3* db, MergeReport& report) {
  execSql(db, "DROP TABLE IF EXISTS temp.merge_conflict");
  execSql(db, "CREATE TEMP TABLE merge_conflict(hash TEXT PRIMARY KEY)");
  Statement both(db,
                 "SELECT s.hash, s.final_acc, o.final_acc, s.best_acc, o.best_acc, s.best_step, "
                 "o.best_step, (SELECT p.probs FROM src.predictions p WHERE p.job_hash = s.hash "
                 "AND p.split = 'test') IS NOT (SELECT p.probs FROM main.predictions p WHERE "
                 "p.job_hash = s.hash AND p.split = 'test') "
                 "FROM src.jobs s JOIN main.jobs o ON o.hash = s.hash "
                 "WHERE s.status = 'done' AND o.status = 'done' ORDER BY s.rowid");
  Statement remember(db, "INSERT INTO temp.merge_conflict(hash) VALUES (?)");
  while (both.step()) {
    std::string differs;
    auto compare = [&](const char* what, int a, int b) {
      if (both.isNull(a) != both.isNull(b) ||
          (!both.isNull(a) && both.getDouble(a) != both.getDouble(b))) {
        differs += std::string(differs.empty() ? "" : ", ") + what + " " + number(both, b) +
                   " here, " + number(both, a) + " in the input";
      }
    };
    compare("final accuracy", 1, 2);
    compare("best accuracy", 3, 4);
    compare("best step", 5, 6);
    if (both.getInt(7) != 0) {
      differs += std::string(differs.empty() ? "" : ", ") + "test predictions differ";
    }
    if (differs.empty()) {
      ++report.jobsIdentical;
      continue;
    }
    const std::string hash = both.getText(0);
    report.conflicts.push_back("job " + hash + ": done in both with different results (" +
                               differs + "); kept this store's");
    remember.reset();
    remember.bind(1, hash).exec();
  }
}

void mergeJobs(sqlite3* db, MergeReport& report) {
  // Done in the input, stored here but not done: the input's result replaces the row, and what
  // the replaced attempt left behind makes way for the finished job's rows.
  execSql(db, "DROP TABLE IF EXISTS temp.merge_take");
  execSql(db,
          "CREATE TEMP TABLE merge_take AS SELECT o.hash FROM main.jobs o JOIN src.jobs s ON "
          "s.hash = o.hash WHERE s.status = 'done' AND o.status <> 'done'");
  for (const char* table : {"curves", "predictions", "summaries", "weights"}) {
    report.rowsChanged += change(db, std::string("DELETE FROM main.") + table +
                                         " WHERE job_hash IN (SELECT hash FROM temp.merge_take)");
  }
  report.jobsCompleted = change(
      db, std::string("UPDATE main.jobs SET (") + kJobColumns +
              ", owner, lease_until, progress_step, progress_total) = (SELECT " + kJobColumns +
              ", NULL, NULL, NULL, NULL FROM src.jobs s WHERE s.hash = main.jobs.hash) "
              "WHERE hash IN (SELECT hash FROM temp.merge_take)");
  report.rowsChanged += report.jobsCompleted;
  execSql(db, "DROP TABLE temp.merge_take");
  // Jobs this store lacks, in the input's order; one the input was training is pending here.
  report.jobsAdded = change(
      db, std::string("INSERT INTO main.jobs(hash, ") + kJobColumns +
              ", tags, notes) SELECT hash, kind, config_json, labels_json, CASE status WHEN "
              "'running' THEN 'pending' ELSE status END, error, started_at, finished_at, seconds, "
              "param_count, weak_hash, final_acc, best_acc, best_step, tags, notes FROM src.jobs s "
              "WHERE NOT EXISTS (SELECT 1 FROM main.jobs o WHERE o.hash = s.hash) ORDER BY s.rowid");
  report.rowsChanged += report.jobsAdded;
  // Tags and notes the input has and this store lacks.
  for (const char* column : {"tags", "notes"}) {
    const std::string c = column;
    report.rowsChanged +=
        change(db, "UPDATE main.jobs SET " + c + " = (SELECT s." + c +
                       " FROM src.jobs s WHERE s.hash = main.jobs.hash) WHERE " + c +
                       " = '' AND EXISTS (SELECT 1 FROM src.jobs s WHERE s.hash = main.jobs.hash "
                       "AND s." +
                       c + " <> '')");
  }
  // What the done jobs produced, for every job done in both stores without a conflict (a row
  // already here stays: they are equal by the comparison above or by content hash).
  const std::string doneJobs =
      "(SELECT hash FROM src.jobs WHERE status = 'done' AND hash NOT IN (SELECT hash FROM "
      "temp.merge_conflict))";
  report.rowsChanged += change(
      db, "INSERT OR IGNORE INTO main.curves SELECT * FROM src.curves WHERE job_hash IN " +
              doneJobs + " ORDER BY job_hash, step");
  report.rowsChanged += change(
      db, "INSERT OR IGNORE INTO main.predictions SELECT * FROM src.predictions WHERE job_hash IN " +
              doneJobs);
  report.rowsChanged += change(
      db, "INSERT OR IGNORE INTO main.summaries SELECT * FROM src.summaries WHERE job_hash IN " +
              doneJobs);
  report.rowsChanged += change(
      db, "INSERT OR IGNORE INTO main.weights SELECT * FROM src.weights WHERE job_hash IN " +
              doneJobs);
}

void mergeTestTruth(sqlite3* db, MergeReport& report) {
  Statement differ(db,
                   "SELECT s.task_hash FROM src.test_truth s JOIN main.test_truth o "
                   "ON o.task_hash = s.task_hash WHERE s.labels IS NOT o.labels");
  while (differ.step()) {
    report.conflicts.push_back("test truth of task " + differ.getText(0) +
                               ": different labels in the input; kept this store's");
  }
  report.rowsChanged +=
      change(db, "INSERT OR IGNORE INTO main.test_truth SELECT * FROM src.test_truth");
}

void mergeSweeps(sqlite3* db, MergeReport& report) {
  Statement sweeps(db, "SELECT id, name, source, spec_json, created_at FROM src.sweeps ORDER BY id");
  Statement find(db,
                 "SELECT id FROM main.sweeps WHERE name = ? AND spec_json = ? ORDER BY id LIMIT 1");
  Statement add(db,
                "INSERT INTO main.sweeps(name, source, spec_json, created_at) VALUES (?, ?, ?, ?)");
  Statement link(db,
                 "INSERT OR IGNORE INTO main.sweep_jobs(sweep_id, job_hash) SELECT ?, job_hash "
                 "FROM src.sweep_jobs WHERE sweep_id = ? ORDER BY rowid");
  // A run is the same run when its sweep, owner, source and start agree; one still open when
  // last merged takes the input's ending.
  const std::string sameRun =
      "m.sweep_id = ? AND m.owner = r.owner AND m.source = r.source AND m.started_at = "
      "r.started_at";
  Statement addRuns(db,
                    "INSERT INTO main.sweep_runs(sweep_id, owner, source, started_at, "
                    "finished_at, outcome, trained, reused, elsewhere, failed, skipped, "
                    "cancelled) SELECT ?, owner, source, started_at, finished_at, outcome, "
                    "trained, reused, elsewhere, failed, skipped, cancelled FROM src.sweep_runs r "
                    "WHERE r.sweep_id = ? AND NOT EXISTS (SELECT 1 FROM main.sweep_runs m WHERE " +
                        sameRun + ") ORDER BY r.id");
  Statement endRuns(db,
                    "UPDATE main.sweep_runs AS m SET (finished_at, outcome, trained, reused, "
                    "elsewhere, failed, skipped, cancelled) = (SELECT r.finished_at, r.outcome, "
                    "r.trained, r.reused, r.elsewhere, r.failed, r.skipped, r.cancelled FROM "
                    "src.sweep_runs r WHERE r.sweep_id = ?2 AND r.finished_at IS NOT NULL AND "
                    "m.owner = r.owner AND m.source = r.source AND m.started_at = r.started_at "
                    "ORDER BY r.id LIMIT 1) WHERE m.sweep_id = ?1 AND m.finished_at IS NULL AND "
                    "EXISTS (SELECT 1 FROM src.sweep_runs r WHERE r.sweep_id = ?2 AND "
                    "r.finished_at IS NOT NULL AND m.owner = r.owner AND m.source = r.source AND "
                    "m.started_at = r.started_at)");
  while (sweeps.step()) {
    const int64_t srcId = sweeps.getInt(0);
    find.reset();
    find.bind(1, sweeps.getText(1)).bind(2, sweeps.getText(3));
    int64_t id = 0;
    if (find.step()) {
      id = find.getInt(0);
    } else {
      add.reset();
      add.bind(1, sweeps.getText(1))
          .bind(2, sweeps.getText(2))
          .bind(3, sweeps.getText(3))
          .bind(4, sweeps.getText(4))
          .exec();
      id = sqlite3_last_insert_rowid(db);
      ++report.sweepsAdded;
      ++report.rowsChanged;
    }
    link.reset();
    link.bind(1, id).bind(2, srcId).exec();
    report.rowsChanged += sqlite3_changes(db);
    addRuns.reset();
    addRuns.bind(1, id).bind(2, srcId).bind(3, id).exec();
    report.runsAdded += sqlite3_changes(db);
    report.rowsChanged += sqlite3_changes(db);
    endRuns.reset();
    endRuns.bind(1, id).bind(2, srcId).exec();
    report.rowsChanged += sqlite3_changes(db);
  }
}

}  // namespace

MergeReport mergeStore(RunStore& out, const std::string& inputPath) {
  MergeReport report;
  report.input = inputPath;
  std::error_code ec;
  if (!fs::is_regular_file(inputPath, ec)) {
    throw StoreError("merge input " + inputPath + ": no such store file");
  }
  if (out.path() != ":memory:" && fs::exists(out.path(), ec) &&
      fs::equivalent(out.path(), inputPath, ec)) {
    throw StoreError("merge input " + inputPath + ": is the output store itself");
  }
  // Validates the input (a run store, not newer than this program) and migrates an older
  // writable one, exactly as every read-only command does; the connection is not needed after.
  { RunStore check(inputPath, RunStore::OpenMode::ReadOnly); }

  sqlite3* db = out.handle();
  Attached attached(db, inputPath);
  Transaction tx(db);
  compareDoneJobs(db, report);
  mergeJobs(db, report);
  mergeTestTruth(db, report);
  mergeSweeps(db, report);
  execSql(db, "DROP TABLE IF EXISTS temp.merge_conflict");
  tx.commit();
  return report;
}

}  // namespace w2s
