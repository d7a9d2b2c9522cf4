#include "core/store/Transaction.h"

#include <sqlite3.h>

#include "core/store/Statement.h"
#include "core/util/Error.h"

namespace w2s {

void execSql(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throwStoreError(rc, "run store " + databaseName(db) + ": cannot run '" + sql + "': " + text +
                            " (code " + std::to_string(rc) + ")");
  }
}

Transaction::Transaction(sqlite3* db) : db_(db) {
  // Inside an enclosing transaction (e.g. an import that saves many jobs at once) this one is a
  // savepoint: it rolls back alone, and commits only with the outer one.
  nested_ = !sqlite3_get_autocommit(db_);
  execSql(db_, nested_ ? "SAVEPOINT w2s_nested" : "BEGIN IMMEDIATE");
  open_ = true;
}

Transaction::~Transaction() {
  if (!open_) return;
  if (nested_) {
    sqlite3_exec(db_, "ROLLBACK TO w2s_nested; RELEASE w2s_nested", nullptr, nullptr, nullptr);
    return;
  }
  // sqlite3_get_autocommit: SQLite may already have rolled back by itself (e.g. on SQLITE_FULL).
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  execSql(db_, nested_ ? "RELEASE w2s_nested" : "COMMIT");
  open_ = false;
}

}  // namespace w2s
