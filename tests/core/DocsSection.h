#pragma once
// Reads the text a doc keeps between `<!-- NAME: begin (COMMAND) -->` and `<!-- NAME: end -->`:
// tables generated from a registry, which tests compare with what the registry prints now.
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

namespace w2s::test {

/// The text between the markers of `name` in docs/`file`, or nullopt when the file or a marker
/// is missing.
inline std::optional<std::string> docsSection(const std::string& file, const std::string& name,
                                              const std::string& command) {
  std::ifstream in(std::string(W2S_TEST_FIXTURE_DIR) + "/../../docs/" + file);
  if (!in) return std::nullopt;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string begin = "<!-- " + name + ": begin (" + command + ") -->\n";
  const std::string end = "<!-- " + name + ": end -->";
  const auto b = text.find(begin);
  const auto e = text.find(end);
  if (b == std::string::npos || e == std::string::npos || e < b) return std::nullopt;
  return text.substr(b + begin.size(), e - b - begin.size());
}

}  // namespace w2s::test
