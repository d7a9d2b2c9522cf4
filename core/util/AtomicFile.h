#pragma once
// Writing a file so that readers see either the old file or the whole new one, never a part.
#include <functional>
#include <ostream>
#include <string>

namespace w2s {

/// Writes what `write` puts on the stream to a temporary file beside `path`, flushes it to disk
/// and renames it over `path`. On any failure (disk full, read-only folder, a throwing `write`)
/// the temporary file is removed, `path` is left as it was, and IoError names `path` and the
/// reason (or the exception of `write` propagates). Thread-safety: distinct paths only.
void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write);

/// Writes `contents` to `path` atomically, as the stream overload does.
void writeFileAtomically(const std::string& path, const std::string& contents);

}  // namespace w2s
