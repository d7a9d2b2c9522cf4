#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "core/store/Migrations.h"
#include "core/store/RunStore.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

namespace fs = std::filesystem;

// The version-1 layout as an older build wrote it, spelled out here rather than taken from
// Migrations.cpp so that an accidental edit of a published migration makes this test fail.
const char* const kV1File = R"sql(
CREATE TABLE schema_version(version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (1);
CREATE TABLE sweeps(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '', spec_json TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE jobs(hash TEXT PRIMARY KEY, kind TEXT NOT NULL, config_json TEXT NOT NULL,
  labels_json TEXT NOT NULL DEFAULT '{}', status TEXT NOT NULL DEFAULT 'pending',
  error TEXT NOT NULL DEFAULT '', started_at TEXT, finished_at TEXT, seconds REAL,
  param_count INTEGER, weak_hash TEXT, final_acc REAL, best_acc REAL, best_step INTEGER);
CREATE INDEX jobs_status ON jobs(status);
CREATE TABLE sweep_jobs(sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  job_hash TEXT NOT NULL REFERENCES jobs(hash) ON DELETE CASCADE,
  PRIMARY KEY(sweep_id, job_hash));
CREATE INDEX sweep_jobs_job ON sweep_jobs(job_hash);
CREATE TABLE curves(job_hash TEXT NOT NULL REFERENCES jobs(hash) ON DELETE CASCADE,
  step INTEGER NOT NULL, epoch REAL, train_loss REAL, test_loss REAL, test_acc REAL,
  agree_all REAL, agree_right REAL, agree_wrong REAL, lr REAL, seconds REAL,
  PRIMARY KEY(job_hash, step));
CREATE TABLE predictions(job_hash TEXT NOT NULL REFERENCES jobs(hash) ON DELETE CASCADE,
  split TEXT NOT NULL CHECK(split IN ('test', 'labels')), rows INTEGER NOT NULL,
  cols INTEGER NOT NULL, probs BLOB NOT NULL, ids BLOB, PRIMARY KEY(job_hash, split));
CREATE TABLE test_truth(task_hash TEXT PRIMARY KEY, labels BLOB NOT NULL);
INSERT INTO sweeps(name, source, spec_json, created_at)
  VALUES ('old', 'old.json', '{"seeds":[0]}', '2023-12-01T10:00:00Z');
INSERT INTO jobs(hash, kind, config_json, labels_json, status, started_at, finished_at, seconds,
  param_count, final_acc, best_acc, best_step)
  VALUES ('w1', 'weak', '{"kind":"weak"}', '{"task":"toy"}', 'done', '2023-12-01T10:00:01Z',
          '2023-12-01T10:00:09Z', 8.5, 4321, 0.7, 0.72, 40);
INSERT INTO jobs(hash, kind, config_json, status, weak_hash)
  VALUES ('s1', 'student', '{"kind":"student","weak":"w1"}', 'running', 'w1');
INSERT INTO sweep_jobs VALUES (1, 'w1'), (1, 's1');
INSERT INTO curves(job_hash, step, epoch, train_loss, test_loss, test_acc, lr, seconds)
  VALUES ('w1', 40, 1.0, 0.5, 0.6, 0.7, 0.001, 8.0);
-- float32 little-endian 0.25, 0.75 and 1.0, 0.0: two rows of two classes.
INSERT INTO predictions(job_hash, split, rows, cols, probs)
  VALUES ('w1', 'test', 2, 2, X'0000803E0000403F0000803F00000000');
INSERT INTO test_truth VALUES ('task1', X'0100000000000000');
)sql";

class TempFile {
 public:
  explicit TempFile(const std::string& name)
      : path_((fs::temp_directory_path() / ("w2s_migration_" + name + ".db")).string()) {
    remove();
  }
  ~TempFile() { remove(); }
  const std::string& path() const { return path_; }

 private:
  void remove() {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path_ + suffix);
  }
  std::string path_;
};

void writeRawDatabase(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  const std::string text = message ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << text;
}

TEST(Migrations, AreConsecutiveAndEndAtTheStoreVersion) {
  const auto& list = migrations();
  ASSERT_FALSE(list.empty());
  for (size_t i = 0; i < list.size(); ++i) EXPECT_EQ(list[i].version, static_cast<int>(i) + 1);
  EXPECT_EQ(latestSchemaVersion(), RunStore::kSchemaVersion);
}

TEST(Migrations, VersionOneFileMigratesKeepingItsData) {
  TempFile file("v1");
  writeRawDatabase(file.path(), kV1File);
  {
    RunStore store(file.path());
    EXPECT_EQ(store.schemaVersion(), RunStore::kSchemaVersion);

    const auto sweep = store.sweep(1);
    ASSERT_TRUE(sweep);
    EXPECT_EQ(sweep->name, "old");
    EXPECT_EQ(sweep->spec, nlohmann::json::parse(R"({"seeds":[0]})"));
    EXPECT_EQ(store.sweepJobHashes(1), (std::vector<std::string>{"w1", "s1"}));

    const auto weak = store.job("w1");
    ASSERT_TRUE(weak);
    EXPECT_EQ(weak->status, JobStatus::Done);
    EXPECT_EQ(weak->paramCount, 4321);
    EXPECT_DOUBLE_EQ(weak->finalAcc, 0.7);
    EXPECT_EQ(weak->bestStep, 40);
    EXPECT_EQ(weak->labels, nlohmann::json::parse(R"({"task":"toy"})"));
    // New columns exist with their defaults, and are writable.
    EXPECT_EQ(weak->tags, "");
    EXPECT_EQ(weak->notes, "");
    store.setTags("w1", "migrated");
    EXPECT_EQ(store.job("w1")->tags, "migrated");

    const auto curve = store.curve("w1");
    ASSERT_EQ(curve.size(), 1u);
    EXPECT_DOUBLE_EQ(curve[0].testAcc, 0.7);
    EXPECT_TRUE(std::isnan(curve[0].agreeAll));
    const auto probs = store.testProbs("w1");
    ASSERT_TRUE(probs);
    EXPECT_EQ(probs->data, (std::vector<float>{0.25f, 0.75f, 1.0f, 0.0f}));
    EXPECT_EQ(store.testTruth("task1"), (std::vector<int>{1, 0}));

    // The new summaries table takes results of the old jobs.
    EXPECT_EQ(store.summary("s1"), nlohmann::json::object());
    EXPECT_EQ(store.resetInterrupted(), 1);
    JobResult result;
    result.record = *store.job("s1");
    result.testProbs = {1, 2, {0.5f, 0.5f}};
    result.summary = {{"agree_all", 0.5}};
    store.saveResult(result);
    EXPECT_EQ(store.summary("s1"), result.summary);
  }
  // Opening again applies nothing twice.
  RunStore again(file.path());
  EXPECT_EQ(again.schemaVersion(), RunStore::kSchemaVersion);
  EXPECT_EQ(again.job("w1")->tags, "migrated");
}

TEST(Migrations, NewerStoreIsRefusedWithItsVersion) {
  TempFile file("newer");
  writeRawDatabase(file.path(),
                   "CREATE TABLE schema_version(version INTEGER NOT NULL);"
                   "INSERT INTO schema_version VALUES (99);");
  try {
    RunStore store(file.path());
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("99"), std::string::npos) << what;
    EXPECT_NE(what.find(file.path()), std::string::npos) << what;
  }
}

TEST(Migrations, ForeignDatabaseIsNotTakenOver) {
  TempFile file("foreign");
  writeRawDatabase(file.path(), "CREATE TABLE contacts(name TEXT);");
  EXPECT_THROW(RunStore store(file.path()), StoreError);
  // The foreign database was left as it was.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.path().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", -1,
                               &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 1);
  sqlite3_finalize(stmt);
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STRNE(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST(Migrations, SweepsRecordedTwiceMergeIntoOneRowWithARunEach) {
  TempFile file("duplicates");
  // Three attempts of one definition and one other sweep, as single-writer versions left them.
  writeRawDatabase(file.path(), std::string(kV1File) + R"sql(
INSERT INTO sweeps(name, source, spec_json, created_at)
  VALUES ('old', 'old.json', '{"seeds":[0]}', '2023-12-02T10:00:00Z'),
         ('other', '', '{"seeds":[1]}', '2023-12-03T10:00:00Z'),
         ('old', 'copy.json', '{"seeds":[0]}', '2023-12-04T10:00:00Z');
INSERT INTO jobs(hash, kind, config_json) VALUES ('w2', 'weak', '{}');
INSERT INTO sweep_jobs VALUES (2, 'w1'), (4, 'w2'), (3, 'w1');
)sql");
  RunStore store(file.path());
  const auto sweeps = store.sweeps();
  ASSERT_EQ(sweeps.size(), 2u);
  EXPECT_EQ(sweeps[0].id, 1);
  EXPECT_EQ(sweeps[1].name, "other");
  EXPECT_EQ(store.sweepJobHashes(1), (std::vector<std::string>{"w1", "s1", "w2"}));
  EXPECT_EQ(store.sweepJobHashes(3), std::vector<std::string>{"w1"});
  const auto runs = store.sweepRuns(1);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[2].source, "copy.json");
  EXPECT_EQ(runs[2].startedAt, "2023-12-04T10:00:00Z");
  // Running the same definition again adds a run, not a sweep.
  const auto [sweepId, runId] =
      store.beginSweepRun("old", nlohmann::json::parse(R"({"seeds":[0]})"), "", {}, "me");
  EXPECT_EQ(sweepId, 1);
  EXPECT_EQ(store.sweepRuns(1).size(), 4u);
  EXPECT_GT(runId, runs[2].id);
}

TEST(Migrations, ReadOnlyOpenOfAnOlderWritableStoreMigratesItFirst) {
  TempFile file("readonly-old");
  writeRawDatabase(file.path(), kV1File);
  RunStore store(file.path(), RunStore::OpenMode::ReadOnly);
  EXPECT_EQ(store.schemaVersion(), RunStore::kSchemaVersion);
  EXPECT_EQ(store.job("w1")->status, JobStatus::Done);
}

}  // namespace
}  // namespace w2s
