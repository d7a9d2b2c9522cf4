#include "core/sweep/JsonText.h"

#include <algorithm>
#include <set>
#include <vector>

#include "core/util/Error.h"

namespace w2s {

namespace {

using json = nlohmann::json;

/// nlohmann's message without its "[json.exception...] parse error at line L, column C: " prefix.
std::string parseErrorDetail(const std::string& what) {
  const size_t column = what.find("column ");
  if (column != std::string::npos) {
    const size_t colon = what.find(": ", column);
    if (colon != std::string::npos) return what.substr(colon + 2);
  }
  const size_t bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

}  // namespace

json parseJsonText(const std::string& text, const std::string& source) {
  // One set of seen keys per open object, to catch keys written twice.
  std::vector<std::set<std::string>> seen;
  auto callback = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        seen.emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!seen.empty()) seen.pop_back();
        break;
      case json::parse_event_t::key: {
        const std::string key = parsed.get<std::string>();
        if (!seen.empty() && !seen.back().insert(key).second) {
          throw SpecError(source + ": " + key +
                          ": expected each key at most once in an object, got it twice");
        }
        break;
      }
      default:
        break;
    }
    return true;
  };
  try {
    return json::parse(text, callback, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    // e.byte is 1-based: the position of the last character read.
    const size_t byte = std::min<size_t>(e.byte, text.size());
    const size_t upto = byte == 0 ? 0 : byte - 1;
    const size_t line = 1 + std::count(text.begin(), text.begin() + upto, '\n');
    const size_t lineStart = text.rfind('\n', upto == 0 ? 0 : upto - 1);
    const size_t column = lineStart == std::string::npos || upto == 0 ? upto + 1 : upto - lineStart;
    throw SpecError(source + ": line " + std::to_string(line) + ", column " +
                    std::to_string(column) + " (byte " + std::to_string(e.byte) +
                    "): expected valid JSON, got " + parseErrorDetail(e.what()));
  }
}

}  // namespace w2s
