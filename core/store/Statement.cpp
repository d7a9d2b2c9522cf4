#include "core/store/Statement.h"

#include <sqlite3.h>

#include <cmath>

#include "core/util/Error.h"

namespace w2s {

std::string databaseName(sqlite3* db) {
  const char* name = db ? sqlite3_db_filename(db, "main") : nullptr;
  return (name && *name) ? std::string(name) : std::string(":memory:");
}

Statement::Statement(sqlite3* db, const std::string& sql) : db_(db), sql_(sql) {
  const int rc =
      sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) fail(rc, "cannot prepare");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void throwStoreError(int rc, const std::string& message) {
  const int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) throw StoreBusyError(message);
  throw StoreError(message);
}

void Statement::fail(int rc, const char* what) const {
  throwStoreError(rc, "run store " + databaseName(db_) + ": " + what + " '" + sql_ +
                          "': " + sqlite3_errmsg(db_) + " (code " + std::to_string(rc) + ")");
}

Statement& Statement::bind(int index, int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) fail(rc, "cannot bind to");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  if (std::isnan(value)) return bindNull(index);
  const int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) fail(rc, "cannot bind to");
  return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
  const int rc = sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                                   SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(rc, "cannot bind to");
  return *this;
}

Statement& Statement::bindTextOrNull(int index, const std::string& value) {
  return value.empty() ? bindNull(index) : bind(index, value);
}

Statement& Statement::bindBlob(int index, const std::vector<uint8_t>& bytes) {
  // sqlite3_bind_blob with a null pointer would bind NULL; an empty matrix is still a value.
  const int rc = bytes.empty() ? sqlite3_bind_zeroblob(stmt_, index, 0)
                               : sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(),
                                                     SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(rc, "cannot bind to");
  return *this;
}

Statement& Statement::bindNull(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) fail(rc, "cannot bind to");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // Reset so that a failed statement does not keep a read snapshot open.
  const std::string message = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throwStoreError(rc, "run store " + databaseName(db_) + ": cannot run '" + sql_ + "': " + message +
                          " (code " + std::to_string(rc) + ")");
}

void Statement::exec() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::getInt(int column, int64_t fallback) const {
  return isNull(column) ? fallback : sqlite3_column_int64(stmt_, column);
}

double Statement::getDouble(int column) const {
  return isNull(column) ? std::nan("") : sqlite3_column_double(stmt_, column);
}

std::string Statement::getText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::vector<uint8_t> Statement::getBlob(int column) const {
  const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  if (!data || size <= 0) return {};
  return std::vector<uint8_t>(data, data + size);
}

}  // namespace w2s
