#pragma once
// RAII wrapper of one SQLite prepared statement (finalized on destruction).
#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace w2s {

/// Name of a connection's main database file for error messages (":memory:" when it has none).
std::string databaseName(sqlite3* db);

/// Throws StoreBusyError for SQLITE_BUSY/SQLITE_LOCKED (retryable), StoreError otherwise.
[[noreturn]] void throwStoreError(int rc, const std::string& message);

/// A prepared statement. Parameters are 1-based, columns 0-based (as in SQLite). Errors throw
/// StoreError naming the database file and the failing SQL.
/// thread-safety: as its connection (one thread at a time).
class Statement {
 public:
  /// Prepares `sql` (a single statement) on `db`.
  Statement(sqlite3* db, const std::string& sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  /// Binds an integer.
  Statement& bind(int index, int64_t value);
  /// Binds a real; NaN is stored as NULL so that SQL aggregates skip it.
  Statement& bind(int index, double value);
  /// Binds text.
  Statement& bind(int index, const std::string& value);
  /// Binds text, or NULL when `value` is empty.
  Statement& bindTextOrNull(int index, const std::string& value);
  /// Binds a byte blob (an empty vector binds a zero-length blob, not NULL).
  Statement& bindBlob(int index, const std::vector<uint8_t>& bytes);
  /// Binds NULL.
  Statement& bindNull(int index);

  /// Advances; true when a row is available, false when done.
  bool step();
  /// Runs a statement that returns no rows.
  void exec();
  /// Makes the statement reusable and clears its bindings.
  void reset();

  bool isNull(int column) const;
  /// Integer column; NULL reads as `fallback`.
  int64_t getInt(int column, int64_t fallback = 0) const;
  /// Real column; NULL reads as NaN.
  double getDouble(int column) const;
  /// Text column; NULL reads as "".
  std::string getText(int column) const;
  /// Blob column; NULL reads as empty.
  std::vector<uint8_t> getBlob(int column) const;

 private:
  [[noreturn]] void fail(int rc, const char* what) const;
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

}  // namespace w2s
