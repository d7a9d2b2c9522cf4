#include "core/util/JsonLimits.h"

#include <algorithm>
#include <cstring>

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

std::string jsonErrorPosition(const char* data, size_t size, size_t byte) {
  // `byte` is 1-based: the position of the last character read.
  const size_t upto = std::min(byte, size) == 0 ? 0 : std::min(byte, size) - 1;
  const size_t line = 1 + std::count(data, data + upto, '\n');
  size_t lineStart = std::string::npos;
  for (size_t i = upto; i > 0; --i) {
    if (data[i - 1] == '\n') {
      lineStart = i - 1;
      break;
    }
  }
  const size_t column = lineStart == std::string::npos ? upto + 1 : upto - lineStart;
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte " +
         std::to_string(byte) + ")";
}

json parseJsonLimited(const char* data, size_t size, const std::string& source,
                      const JsonReadOptions& options) {
  // nlohmann reads a NUL byte as the end of the input: "{...}\0garbage" would parse. JSON text
  // never holds one (not even inside strings), so it is an error wherever it is.
  if (const void* nul = std::memchr(data, '\0', size)) {
    const size_t byte = static_cast<size_t>(static_cast<const char*>(nul) - data) + 1;
    throw DataError(source + ": not valid JSON at " + jsonErrorPosition(data, size, byte) +
                    ": a NUL byte (a binary or UTF-16 file?)");
  }
  const int maxDepth = options.maxDepth;
  // The callback sees the depth of each object/array before it is opened (0 for the outermost).
  auto callback = [&](int depth, json::parse_event_t event, json& parsed) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth >= maxDepth) {
      throw DataError(source + ": expected JSON nested at most " + std::to_string(maxDepth) +
                      " levels deep, got nesting deeper than " + std::to_string(maxDepth) +
                      " levels");
    }
    if (options.onEvent) options.onEvent(depth, event, parsed);
    return true;
  };
  try {
    return json::parse(data, data + size, callback, /*allow_exceptions=*/true,
                       options.ignoreComments);
  } catch (const json::parse_error& e) {
    throw DataError(source + ": not valid JSON at " + jsonErrorPosition(data, size, e.byte) + ": " +
                    parseErrorDetail(e.what()));
  } catch (const json::exception& e) {
    // E.g. out_of_range 406, a number too large for a double ("1E400"): found by fuzzing.
    throw DataError(source + ": not valid JSON: " + parseErrorDetail(e.what()));
  }
}

json parseJsonLimited(const std::string& text, const std::string& source, int maxDepth) {
  JsonReadOptions options;
  options.maxDepth = maxDepth;
  return parseJsonLimited(text.data(), text.size(), source, options);
}

}  // namespace w2s
