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
    throw StoreError("run store " + databaseName(db) + ": cannot run '" + sql + "': " + text +
                     " (code " + std::to_string(rc) + ")");
  }
}

Transaction::Transaction(sqlite3* db) : db_(db) {
  execSql(db_, "BEGIN IMMEDIATE");
  open_ = true;
}

Transaction::~Transaction() {
  // sqlite3_get_autocommit: SQLite may already have rolled back by itself (e.g. on SQLITE_FULL).
  if (open_ && !sqlite3_get_autocommit(db_))
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  execSql(db_, "COMMIT");
  open_ = false;
}

}  // namespace w2s
