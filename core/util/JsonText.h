#pragma once
// Parsing JSON text (sweep files) with errors that name the source, line and column.
#include <nlohmann/json.hpp>
#include <string>

namespace w2s {

/// Parses `text` read from `source`. Allows // and /* */ comments. Throws SpecError naming
/// `source`, the line, column and byte of a syntax error, or a key repeated within one object
/// (nlohmann would silently keep the last value, hiding a typo), or objects/arrays nested deeper
/// than kMaxJsonDepth levels.
nlohmann::json parseJsonText(const std::string& text, const std::string& source);

}  // namespace w2s
