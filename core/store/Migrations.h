#pragma once
// Ordered schema migrations of the run store (policy in docs/store-schema.md).
#include <string>
#include <vector>

struct sqlite3;

namespace w2s {

/// One step of the schema: applying `sql` to a store at version - 1 gives `version`.
struct Migration {
  int version;
  const char* description;
  const char* sql;
};

/// Every migration, in order (versions 1, 2, ...). Published migrations are never edited:
/// a schema change is a new entry at the end.
const std::vector<Migration>& migrations();

/// The latest version migrations() reaches.
int latestSchemaVersion();

/// Version recorded in the schema_version table; 0 for an empty database. Throws StoreError for
/// a database that has tables but no schema_version table (not a run store).
int readSchemaVersion(sqlite3* db);

/// Applies the missing migrations, each in its own transaction. Throws StoreError naming the
/// file when the store is newer than this program or a step fails (that step is rolled back).
void migrateSchema(sqlite3* db);

}  // namespace w2s
