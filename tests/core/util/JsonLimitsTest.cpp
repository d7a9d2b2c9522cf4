#include <gtest/gtest.h>

#include <string>

#include "core/util/Error.h"
#include "core/util/JsonLimits.h"

namespace w2s {
namespace {

/// `depth` arrays nested inside each other: "[[[...]]]".
std::string nestedArrays(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

/// `depth` objects nested inside each other: {"a":{"a":...{}}}.
std::string nestedObjects(size_t depth) {
  std::string s;
  for (size_t i = 0; i + 1 < depth; ++i) s += "{\"a\":";
  s += "{}";
  s += std::string(depth - 1, '}');
  return s;
}

std::string errorOf(const std::string& text, const std::string& source, int maxDepth) {
  try {
    parseJsonLimited(text, source, maxDepth);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

TEST(JsonLimitsTest, AcceptsNestingUpToTheLimit) {
  const nlohmann::json j = parseJsonLimited(nestedArrays(kMaxJsonDepth), "ok.json");
  // Walk down to the innermost array: parsed, not truncated.
  const nlohmann::json* p = &j;
  int depth = 1;
  while (!p->empty()) {
    p = &(*p)[0];
    ++depth;
  }
  EXPECT_EQ(depth, kMaxJsonDepth);
  EXPECT_NO_THROW(parseJsonLimited(nestedObjects(kMaxJsonDepth), "ok.json"));
}

TEST(JsonLimitsTest, RejectsOneLevelPastTheLimit) {
  const std::string msg = errorOf(nestedArrays(kMaxJsonDepth + 1), "deep.json", kMaxJsonDepth);
  EXPECT_EQ(msg.rfind("deep.json: ", 0), 0u) << msg;
  EXPECT_NE(msg.find("nesting deeper than 256 levels"), std::string::npos) << msg;
}

TEST(JsonLimitsTest, HostileDepthIsAnErrorNotACrash) {
  // 300k levels used to overflow the stack when the parsed value was copied or dumped.
  for (const std::string& text : {nestedArrays(300000), nestedObjects(300000)}) {
    const std::string msg = errorOf(text, "hostile.json", kMaxJsonDepth);
    EXPECT_EQ(msg.rfind("hostile.json: ", 0), 0u) << msg.substr(0, 200);
    EXPECT_NE(msg.find("nesting deeper than 256 levels"), std::string::npos) << msg.substr(0, 200);
  }
  // An unterminated document that opens 300k levels fails on depth first, not on syntax.
  EXPECT_NE(errorOf(std::string(300000, '['), "open.json", kMaxJsonDepth).find("deeper than"),
            std::string::npos);
}

TEST(JsonLimitsTest, NulByteIsAnErrorNotTheEndOfInput) {
  // nlohmann alone parses "{...}\0garbage" as "{...}".
  const std::string text("{\"a\": 1}\0{{{", 12);
  EXPECT_NO_THROW(nlohmann::json::parse(text));
  const std::string msg = errorOf(text, "nul.json", kMaxJsonDepth);
  EXPECT_EQ(msg.rfind("nul.json: not valid JSON at line 1, column 9 (byte 9): a NUL byte", 0), 0u)
      << msg;
}

TEST(JsonLimitsTest, SmallerLimitIsHonoured) {
  EXPECT_NO_THROW(parseJsonLimited(nestedArrays(3), "x", 3));
  EXPECT_NE(errorOf(nestedArrays(4), "x", 3).find("deeper than 3 levels"), std::string::npos);
}

TEST(JsonLimitsTest, SyntaxErrorNamesSourceAndPosition) {
  const std::string msg = errorOf("{\n  \"a\": [1, 2,]\n}", "bad.json", kMaxJsonDepth);
  EXPECT_EQ(msg.rfind("bad.json: not valid JSON at line 2", 0), 0u) << msg;
  EXPECT_NE(msg.find("byte"), std::string::npos) << msg;
}

TEST(JsonLimitsTest, NumberTooLargeForADoubleIsAnErrorNamingTheSource) {
  // nlohmann reports these as out_of_range, not parse_error (found by scripts/fuzz.sh).
  for (const char* text : {"[1E400]", "{\"lr\": 3E18446744073}", "-1e99999"}) {
    try {
      parseJsonLimited(text, "huge.json");
      FAIL() << text << ": expected DataError";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find("huge.json"), std::string::npos) << e.what();
    }
  }
}

TEST(JsonLimitsTest, OptionsAllowCommentsAndSeeEveryEvent) {
  JsonReadOptions options;
  options.ignoreComments = true;
  int keys = 0;
  options.onEvent = [&](int, nlohmann::json::parse_event_t e, const nlohmann::json&) {
    if (e == nlohmann::json::parse_event_t::key) ++keys;
  };
  const std::string text = "// note\n{\"a\": 1, \"b\": {\"c\": 2}}";
  const nlohmann::json j = parseJsonLimited(text.data(), text.size(), "c.json", options);
  EXPECT_EQ(j.at("b").at("c"), 2);
  EXPECT_EQ(keys, 3);
  options.ignoreComments = false;
  EXPECT_THROW(parseJsonLimited(text.data(), text.size(), "c.json", options), DataError);
}

}  // namespace
}  // namespace w2s
