#include <gtest/gtest.h>

#include <string>

#include "core/util/Error.h"
#include "core/util/JsonText.h"

namespace w2s {
namespace {

std::string specErrorOf(const std::string& text) {
  try {
    parseJsonText(text, "sweep.json");
  } catch (const SpecError& e) {
    return e.what();
  }
  return "";
}

TEST(JsonTextTest, DeepNestingIsASpecErrorNotACrash) {
  const std::string deep =
      "{\"name\": " + std::string(300000, '[') + std::string(300000, ']') + "}";
  const std::string msg = specErrorOf(deep);
  EXPECT_EQ(msg.rfind("sweep.json: ", 0), 0u) << msg.substr(0, 200);
  EXPECT_NE(msg.find("nesting deeper than 256 levels"), std::string::npos) << msg.substr(0, 200);
}

TEST(JsonTextTest, DuplicateKeysAndCommentsStillHandled) {
  EXPECT_NE(specErrorOf(R"({"a": {"b": 1, "b": 2}})").find("b: expected each key at most once"),
            std::string::npos);
  // Equal keys in different objects are fine; comments are allowed.
  const auto j = parseJsonText("// c\n{\"a\": {\"b\": 1}, \"c\": {\"b\": 2}}", "sweep.json");
  EXPECT_EQ(j.at("c").at("b"), 2);
}

TEST(JsonTextTest, SyntaxErrorNamesLine) {
  const std::string msg = specErrorOf("{\n\"a\": 1,\n}");
  EXPECT_EQ(msg.rfind("sweep.json: not valid JSON at line 3", 0), 0u) << msg;
}

TEST(JsonTextTest, NanAndInfinityAreSyntaxErrors) {
  EXPECT_NE(specErrorOf(R"({"lr": NaN})").find("not valid JSON"), std::string::npos);
  EXPECT_NE(specErrorOf(R"({"lr": Infinity})").find("not valid JSON"), std::string::npos);
}

}  // namespace
}  // namespace w2s
