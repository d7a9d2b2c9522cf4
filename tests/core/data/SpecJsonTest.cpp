// JSON of the task and view specs (core/data/SpecJson.cpp).
#include <gtest/gtest.h>

#include "core/data/TaskSpec.h"
#include "core/data/View.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

using nlohmann::json;

TEST(SpecJsonTest, ATaskWithGroupsReadsBackItsOwnJson) {
  // A job's config holds task.toJson(), whose class ids are signed integers; executing the job
  // parses it again. Every job of a sweep with groups failed when only unsigned ids were taken.
  const TaskSpec t =
      TaskSpec::fromJson(json::parse(R"({"dataset": "mnist", "groups": [[0, 2], [1, 3]]})"), "t");
  const json written = t.toJson();
  ASSERT_TRUE(written.at("groups")[0][0].is_number_integer());
  const TaskSpec again = TaskSpec::fromJson(written, "job abc: task");
  EXPECT_EQ(again.groups, t.groups);
  EXPECT_EQ(again.toJson(), written);
}

TEST(SpecJsonTest, NegativeOrHugeClassIdsAreRefusedWithTheirPath) {
  for (const json& groups : {json::parse("[[0], [-1]]"), json{{0}, {int64_t{-3}}}}) {
    try {
      TaskSpec::fromJson(json{{"dataset", "mnist"}, {"groups", groups}}, "sweep.json: task");
      FAIL() << groups.dump();
    } catch (const SpecError& e) {
      EXPECT_NE(std::string(e.what()).find("task.groups[1][0]: expected a class id >= 0"),
                std::string::npos)
          << e.what();
    }
  }
  EXPECT_THROW(TaskSpec::fromJson(json::parse(R"({"dataset": "mnist", "groups": [[0], [70000]]})"),
                                  "t"),
               SpecError);
}

TEST(SpecJsonTest, ViewsWriteOnlyTheFieldsOfTheirType) {
  const ViewSpec v = ViewSpec::fromJson(json{{"type", "noise"}, {"sigma", 0.3}}, "v");
  EXPECT_EQ(v.toJson(), (json{{"type", "noise"}, {"sigma", 0.3}}));
  EXPECT_EQ(ViewSpec::fromJson(v.toJson(), "v").toJson(), v.toJson());
  EXPECT_EQ(ViewSpec::fromJson(json::object(), "v").toJson(), (json{{"type", "none"}}));
}

}  // namespace
}  // namespace w2s
