#pragma once
// SQL shared by the run store's source files.

namespace w2s {

/// SQLite expression for the current time as stored in *_at columns (ISO 8601 UTC).
inline constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

}  // namespace w2s
