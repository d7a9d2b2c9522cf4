#include "core/run/SyntheticLabels.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "core/analysis/Report.h"
#include "core/cli/Cli.h"
#include "core/run/SweepRunner.h"
#include "core/sweep/SweepSpec.h"
#include "tests/core/run/TinySweep.h"

namespace w2s {
namespace {

std::vector<int> balanced(int n, int classes) {
  std::vector<int> t;
  for (int i = 0; i < n; ++i) t.push_back(i % classes);
  return t;
}

int wrongCount(const std::vector<int>& a, const std::vector<int>& b) {
  int w = 0;
  for (size_t i = 0; i < a.size(); ++i) w += a[i] != b[i];
  return w;
}

TEST(SyntheticLabelsTest, EveryStructureHasTheExactAccuracy) {
  const auto truth = balanced(400, 4);
  Confusability conf;
  for (int i = 0; i < 400; ++i) {
    conf.margin.push_back(std::sin(i * 0.37));
    conf.runnerUp.push_back((truth[i] + 2) % 4);
  }
  for (const char* type : {"random_flips", "class_confusion", "view"}) {
    for (double acc : {1.0, 0.75, 0.3}) {
      const auto labels = structuredLabels(truth, 4, type, acc, 11, &conf);
      EXPECT_EQ(wrongCount(labels, truth), std::lround((1 - acc) * 400)) << type << " " << acc;
    }
  }
  EXPECT_THROW(structuredLabels(truth, 4, "view", 0.75, 11), std::invalid_argument);
  EXPECT_THROW(structuredLabels({0, 5}, 4, "random_flips", 0.75, 11), std::invalid_argument);
}

TEST(SyntheticLabelsTest, StructuresPlaceTheirErrorsDifferently) {
  const auto truth = balanced(400, 4);
  // Random flips: errors in every class, wrong labels of every kind.
  const auto flips = structuredLabels(truth, 4, "random_flips", 0.75, 3);
  std::map<int, int> wrongByClass;
  for (size_t i = 0; i < truth.size(); ++i) wrongByClass[truth[i]] += flips[i] != truth[i];
  EXPECT_EQ(wrongByClass.size(), 4u);
  for (const auto& kv : wrongByClass) EXPECT_GT(kv.second, 10) << kv.first;

  // Class confusion: 100 errors = all of class 0, each labelled class 1.
  const auto conf = structuredLabels(truth, 4, "class_confusion", 0.75, 3);
  for (size_t i = 0; i < truth.size(); ++i) {
    EXPECT_EQ(conf[i], truth[i] == 0 ? 1 : truth[i]) << i;
  }

  // View: the most confusable examples are the wrong ones, labelled with their runner-up.
  Confusability c;
  for (int i = 0; i < 400; ++i) {
    c.margin.push_back(i);  // the last 100 are the most confusable
    c.runnerUp.push_back((truth[i] + 3) % 4);
  }
  const auto view = structuredLabels(truth, 4, "view", 0.75, 3, &c);
  for (int i = 0; i < 400; ++i) {
    EXPECT_EQ(view[i], i >= 300 ? (truth[i] + 3) % 4 : truth[i]) << i;
  }
}

TEST(SyntheticLabelsTest, CentroidConfusabilityRanksBorderExamples) {
  // Class means at -1 and +1 on one axis: the example at 0.1 of class 0 is the most confusable.
  const auto fitX = torch::tensor({-1.0f, -1.0f, 1.0f, 1.0f}).unsqueeze(1);
  const auto fitY = torch::tensor({0, 0, 1, 1}, torch::kLong);
  const auto x = torch::tensor({-2.0f, 0.1f, 0.9f}).unsqueeze(1);
  const auto y = torch::tensor({0, 0, 1}, torch::kLong);
  const Confusability c = centroidConfusability(fitX, fitY, x, y, 2);
  ASSERT_EQ(c.margin.size(), 3u);
  EXPECT_NEAR(c.margin[0], 1.0 - 3.0, 1e-9);
  EXPECT_NEAR(c.margin[1], 1.1 - 0.9, 1e-6);
  EXPECT_NEAR(c.margin[2], 0.1 - 1.9, 1e-6);
  EXPECT_EQ(c.runnerUp, (std::vector<int>{1, 1, 0}));
}

TEST(SyntheticLabelsTest, LabelSourceSweepTrainsStudentsOnEachStructure) {
  auto dir = test::tempDir("label-sources");
  const std::string db = (dir / "runs.db").string();
  nlohmann::json j = test::tinySweepJson();
  j["seeds"] = {0};
  j["label_sources"] = {{{"type", "random_flips"}, {"accuracy", 0.7}},
                        {{"type", "class_confusion"}, {"accuracy", 0.7}},
                        {{"type", "view"}, {"accuracy", 0.7}}};
  CancelToken cancel;
  const RunSummary s = SweepRunner(db, RunOptions{2, 1, "cpu"})
                           .run(SweepSpec::fromJson(j, "tiny"), "", nullptr, cancel);
  EXPECT_EQ(s.failed, 0);
  EXPECT_EQ(s.done, 3 + 3 + 3);  // weak, ceiling, student + 3 sources + their 3 students
  RunStore store(db);
  std::map<std::string, StudentOutcome> byStructure;
  for (const auto& o : collectOutcomes(store)) {
    if (o.weakSize != "s4") byStructure[o.view] = o;
  }
  ASSERT_EQ(byStructure.size(), 3u);
  for (const auto& [type, o] : byStructure) {
    EXPECT_NEAR(o.weakAcc, 0.7, 1e-9) << type;  // exact on the 1000 test examples
    EXPECT_EQ(o.weakParams, 0);
    EXPECT_TRUE(std::isfinite(o.agree.all)) << type;
  }
  // Random errors cannot be learned: from 1500 labels that are 70% right the student beats them.
  EXPECT_GT(byStructure["random_flips"].w2sAcc, 0.75);
  // Unlearnable random errors: the student generalizes past them more than past a systematic
  // confusion, which it can copy.
  EXPECT_GT(byStructure["random_flips"].w2sAcc, byStructure["class_confusion"].w2sAcc);

  std::ostringstream out, err;
  ASSERT_EQ(runCli({"report", "--db", db}, out, err), 0) << err.str();
  const size_t at = out.str().find("error structure");
  ASSERT_NE(at, std::string::npos) << out.str();
  const std::string table = out.str().substr(at);
  for (const char* type : {"random_flips", "class_confusion", "view"}) {
    EXPECT_NE(table.find(type), std::string::npos) << table;
  }
}

}  // namespace
}  // namespace w2s
