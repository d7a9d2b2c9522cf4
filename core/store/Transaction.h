#pragma once
// RAII transaction: rolls back on destruction unless commit() was called.
#include <string>

struct sqlite3;

namespace w2s {

/// Begins an IMMEDIATE transaction (takes the write lock up front, so that a concurrent writer
/// waits on the busy timeout instead of failing at the first write) and rolls it back on
/// destruction unless commit() succeeded. Inside another transaction it is a savepoint.
/// thread-safety: as its connection.
class Transaction {
 public:
  /// Begins the transaction; throws StoreError naming the database file.
  explicit Transaction(sqlite3* db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  /// Commits; throws StoreError (and the destructor then rolls back) when the commit fails.
  void commit();

 private:
  sqlite3* db_;
  bool open_ = false;
  bool nested_ = false;
};

/// Runs one or more SQL statements without results; throws StoreError naming the file.
void execSql(sqlite3* db, const std::string& sql);

}  // namespace w2s
