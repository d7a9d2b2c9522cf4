#include "core/util/JsonText.h"

#include <set>
#include <vector>

#include "core/util/Error.h"
#include "core/util/JsonLimits.h"

namespace w2s {

using json = nlohmann::json;

json parseJsonText(const std::string& text, const std::string& source) {
  // One set of seen keys per open object, to catch keys written twice.
  std::vector<std::set<std::string>> seen;
  JsonReadOptions options;
  options.ignoreComments = true;
  options.onEvent = [&](int /*depth*/, json::parse_event_t event, const json& parsed) {
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
  };
  try {
    return parseJsonLimited(text.data(), text.size(), source, options);
  } catch (const DataError& e) {
    // A sweep file is a spec: its syntax and depth errors are spec errors.
    throw SpecError(e.what());
  }
}

}  // namespace w2s
