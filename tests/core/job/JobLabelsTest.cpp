// A job's display labels: one encoder and decoder for planner, store readers and the window.
#include <gtest/gtest.h>

#include "core/job/JobLabels.h"

namespace w2s {
namespace {

using nlohmann::json;

TEST(JobLabelsTest, WritesOnlyWhatIsSetAndReadsItBack) {
  JobLabels l;
  l.task = "mnist";
  l.weakSize = "w8";
  l.strongSize = "w64";
  l.view = "clean";
  l.loss = "xent";
  l.seed = uint64_t{3};
  l.params = l.strongParams = 1000;
  l.weakParams = 0;  // a label source has no parameters, and says so
  l.ceiling = "abc";
  l.chainSteps = 2;
  const json j = l.toJson();
  EXPECT_EQ(j, (json{{"task", "mnist"},
                     {"weak_size", "w8"},
                     {"strong_size", "w64"},
                     {"view", "clean"},
                     {"loss", "xent"},
                     {"seed", 3},
                     {"params", 1000},
                     {"strong_params", 1000},
                     {"weak_params", 0},
                     {"ceiling", "abc"},
                     {"chain_steps", 2}}));
  EXPECT_TRUE(j.at("seed").is_number_unsigned());
  EXPECT_EQ(JobLabels::fromJson(j).toJson(), j);
  EXPECT_EQ(JobLabels().toJson(), json::object());
}

TEST(JobLabelsTest, ReadsHandEditedOrOlderLabelsWithoutThrowing) {
  const JobLabels l = JobLabels::fromJson(
      json{{"task", 7}, {"seed", -1}, {"params", 1.5}, {"chain_steps", "2"}, {"imported", true}});
  EXPECT_EQ(l.task, "7");  // not a string: its JSON text
  EXPECT_EQ(l.seed, static_cast<uint64_t>(-1));
  EXPECT_FALSE(l.params.has_value());  // not an integer: unset
  EXPECT_FALSE(l.chainSteps.has_value());
  EXPECT_TRUE(l.imported);
  EXPECT_EQ(JobLabels::fromJson(json("not an object")).toJson(), json::object());
  EXPECT_EQ(JobLabels::fromJson(json(nullptr)).toJson(), json::object());
}

}  // namespace
}  // namespace w2s
