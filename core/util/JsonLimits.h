#pragma once
// Parsing JSON from files with a nesting-depth limit, so hostile input cannot overflow the stack.
// nlohmann parses iteratively but copies, compares and dumps values recursively: a document nested
// 300k levels deep parses fine and then crashes the first time it is copied. The limit is checked
// while parsing, before any value exists to copy.
#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace w2s {

/// The default nesting limit: far deeper than any file this program writes or reads.
constexpr int kMaxJsonDepth = 256;

/// How parseJsonLimited reads a document.
struct JsonReadOptions {
  int maxDepth = kMaxJsonDepth;  ///< objects/arrays nested deeper than this are an error
  bool ignoreComments = false;   ///< allow // and /* */ comments (sweep files)
  /// Called for every parse event after the depth check (e.g. to catch repeated keys); may throw.
  std::function<void(int depth, nlohmann::json::parse_event_t event, const nlohmann::json& parsed)>
      onEvent;
};

/// Parses `size` bytes at `data` read from `source` (a file name, or "file: line N"). Throws
/// DataError naming `source` on a syntax error (a NUL byte included: nlohmann would stop there)
/// or on nesting deeper than options.maxDepth.
nlohmann::json parseJsonLimited(const char* data, size_t size, const std::string& source,
                                const JsonReadOptions& options);

/// Parses `text` read from `source`; throws DataError naming `source` on a syntax error or on
/// objects/arrays nested deeper than `maxDepth` levels.
nlohmann::json parseJsonLimited(const std::string& text, const std::string& source,
                                int maxDepth = kMaxJsonDepth);

/// The "line L, column C (byte B)" position of a 1-based byte offset in `data`, for messages.
std::string jsonErrorPosition(const char* data, size_t size, size_t byte);

}  // namespace w2s
