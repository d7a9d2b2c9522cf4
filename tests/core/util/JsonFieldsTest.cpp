#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "core/sweep/SweepSpec.h"
#include "core/util/Error.h"
#include "core/util/JsonFields.h"

namespace w2s {
namespace {

using json = nlohmann::json;

std::string specErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const SpecError& e) {
    return e.what();
  }
  return "";
}

TEST(JsonFieldsTest, IntegerInRangeIsReturned) {
  const json j = json::parse(R"({"a": 7, "b": -3})");
  const JsonFields f(j, "s.json: x");
  EXPECT_EQ(f.integer("a", 0, 1, 10), 7);
  EXPECT_EQ(f.integer("b", 0, -5, 10), -3);
  EXPECT_EQ(f.integer("missing", 42, 1, 10), 42);
  EXPECT_EQ(f.smallInt("a", 0, 7, 7), 7);
}

TEST(JsonFieldsTest, OutOfRangeShowsTheValueAsWritten) {
  // 2^32 used to be narrowed to int (0) before it was checked, or to pass and become 0.
  const json j = json::parse(
      R"({"epochs": 4294967296, "zero": 0, "neg": -1, "huge": 18446744073709551615,
          "big": 9223372036854775807})");
  const JsonFields f(j, "s.json: train");
  EXPECT_EQ(specErrorOf([&] { f.smallInt("epochs", 1, 1, 100000); }),
            "s.json: train.epochs: expected an integer between 1 and 100000, got 4294967296");
  EXPECT_EQ(specErrorOf([&] { f.smallInt("zero", 1, 1, 100000); }),
            "s.json: train.zero: expected an integer between 1 and 100000, got 0");
  EXPECT_EQ(specErrorOf([&] { f.integer("neg", 1, 0, 10); }),
            "s.json: train.neg: expected an integer between 0 and 10, got -1");
  // Past INT64_MAX: an unsigned value must not wrap to -1 in the message or the check.
  EXPECT_EQ(specErrorOf([&] { f.integer("huge", 0, 0, INT64_MAX); }),
            "s.json: train.huge: expected an integer between 0 and 9223372036854775807, got "
            "18446744073709551615");
  EXPECT_EQ(f.integer("big", 0, 0, INT64_MAX), INT64_MAX);
}

TEST(JsonFieldsTest, WrongTypesAreNamed) {
  const json j = json::parse(R"({"a": "2", "b": 2.5, "c": null})");
  const JsonFields f(j, "s.json: t");
  EXPECT_EQ(specErrorOf([&] { f.integer("a", 0, 0, 9); }),
            "s.json: t.a: expected an integer, got the string \"2\"");
  EXPECT_EQ(specErrorOf([&] { f.integer("b", 0, 0, 9); }),
            "s.json: t.b: expected an integer, got the number 2.5");
  EXPECT_EQ(specErrorOf([&] { f.integer("c", 0, 0, 9); }),
            "s.json: t.c: expected an integer, got null");
}

json sweepWith(const json& train, const json& ladder) {
  return {{"name", "s"},           {"task", {{"dataset", "synthetic"}}},
          {"ladder", ladder},      {"weak_sizes", {"a"}},
          {"strong_sizes", {"b"}}, {"seeds", {0}},
          {"train", train}};
}

TEST(JsonFieldsTest, SweepFieldsPastIntAreReportedNotWrapped) {
  const json ladder = json::parse(R"([{"name": "a", "width": 4}, {"name": "b", "width": 8}])");
  const std::string epochs = specErrorOf([&] {
    SweepSpec::fromJson(sweepWith({{"epochs", 4294967296LL}}, ladder), "s.json");
  });
  EXPECT_NE(epochs.find("epochs: expected an integer between 1 and 100000, got 4294967296"),
            std::string::npos)
      << epochs;
  const json wide =
      json::parse(R"([{"name": "a", "width": 4294967296}, {"name": "b", "width": 8}])");
  const std::string width =
      specErrorOf([&] { SweepSpec::fromJson(sweepWith(json::object(), wide), "s.json"); });
  EXPECT_NE(width.find("width: expected an integer between 1 and"), std::string::npos) << width;
  EXPECT_NE(width.find("got 4294967296"), std::string::npos) << width;
  const json negative = json::parse(R"([{"name": "a", "depth": -2}, {"name": "b"}])");
  const std::string depth =
      specErrorOf([&] { SweepSpec::fromJson(sweepWith(json::object(), negative), "s.json"); });
  EXPECT_NE(depth.find("depth: expected an integer between 0 and 1000, got -2"), std::string::npos)
      << depth;
}

}  // namespace
}  // namespace w2s
