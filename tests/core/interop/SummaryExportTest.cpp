#include <gtest/gtest.h>

#include "core/interop/EleutherImporter.h"
#include "core/interop/OpenAiImporter.h"
#include "core/interop/SummaryExport.h"
#include "core/store/RunStore.h"
#include "core/util/Error.h"
#include "tests/core/interop/InteropFixtures.h"

namespace w2s {
namespace {

using nlohmann::json;
using test::TempFolder;

// Seeds 0-2 of gpt2 -> gpt2-large; in seed 2 the ceiling does not beat the weak model.
int64_t importThreeSeeds(RunStore& store, const TempFolder& dir) {
  const double weakAcc[] = {0.70, 0.70, 0.80};
  const double ceilingAcc[] = {0.90, 0.80, 0.78};
  const double w2sAcc[] = {0.80, 0.78, 0.79};
  for (uint64_t seed = 0; seed < 3; ++seed) {
    const std::string s = std::to_string(seed);
    const json weak = test::openAiGtConfig("gpt2", seed);
    test::writeOpenAiRun(dir.path(), "w" + s, weak, weakAcc[seed]);
    test::writeOpenAiRun(dir.path(), "c" + s, test::openAiGtConfig("gpt2-large", seed),
                         ceilingAcc[seed]);
    test::writeOpenAiRun(dir.path(), "s" + s, test::openAiStudentConfig(weak, "gpt2-large", "xent"),
                         w2sAcc[seed]);
  }
  return importOpenAiResults(store, dir.path().string()).sweepId;
}

TEST(SummaryExport, DocumentedFieldsWithUndefinedPgrAsNull) {
  TempFolder dir;
  RunStore store(":memory:");
  const int64_t sweep = importThreeSeeds(store, dir);
  const json j = exportSummaryJson(store, sweep, 0.9);
  EXPECT_EQ(j.at("schema"), "w2s-workbench/summary");
  EXPECT_EQ(j.at("version"), kSummarySchemaVersion);
  EXPECT_EQ(j.at("sweep").at("id"), sweep);
  EXPECT_DOUBLE_EQ(j.at("level").get<double>(), 0.9);

  ASSERT_EQ(j.at("outcomes").size(), 3u);
  int undefined = 0;
  for (const json& o : j.at("outcomes")) {
    EXPECT_EQ(o.at("imported"), true);
    EXPECT_EQ(o.at("method"), "direct");
    EXPECT_EQ(o.at("supervisor"), o.at("weak"));
    EXPECT_TRUE(o.at("w2s_ece").is_null());
    EXPECT_TRUE(o.at("agree_all").is_null());
    EXPECT_TRUE(o.at("pgr_auroc").is_null());
    if (o.at("seed") == 2) {
      EXPECT_TRUE(o.at("pgr").is_null());
      ++undefined;
    } else {
      const double expected = o.at("seed") == 0 ? 0.5 : 0.8;
      EXPECT_NEAR(o.at("pgr").get<double>(), expected, 1e-9);
    }
  }
  EXPECT_EQ(undefined, 1);

  ASSERT_EQ(j.at("groups").size(), 1u);
  const json& g = j.at("groups")[0];
  EXPECT_EQ(g.at("seeds"), 3);
  EXPECT_EQ(g.at("pgr_undefined"), 1);
  // The ratio of mean gains keeps seed 2: (0.10 + 0.08 - 0.01) / (0.20 + 0.10 - 0.02).
  EXPECT_EQ(g.at("pgr").at("n"), 3);
  EXPECT_NEAR(g.at("pgr").at("mean").get<double>(), 0.17 / 0.28, 1e-9);
  // The per-seed mean and median over the two seeds where PGR is defined (0.5 and 0.8).
  EXPECT_NEAR(g.at("pgr_seed_mean").get<double>(), 0.65, 1e-9);
  EXPECT_NEAR(g.at("pgr_median").get<double>(), 0.65, 1e-9);
  // Gaps 0.20, 0.10, -0.02: standard error 0.064, more than half the mean gap 0.093.
  EXPECT_NEAR(g.at("pgr_gap").get<double>(), 0.28 / 3, 1e-9);
  EXPECT_EQ(g.at("pgr_unstable"), true);
  EXPECT_EQ(g.at("pgr_bootstrap").at("n"), 3);
  EXPECT_LE(g.at("pgr_bootstrap").at("lo").get<double>(), 0.17 / 0.28);
  EXPECT_GE(g.at("pgr_bootstrap").at("hi").get<double>(), 0.17 / 0.28);
  EXPECT_NEAR(g.at("weak_acc").at("mean").get<double>(), (0.7 + 0.7 + 0.8) / 3, 1e-9);
  EXPECT_EQ(g.at("agree_all").at("n"), 0);
  EXPECT_TRUE(g.at("agree_all").at("mean").is_null());
}

TEST(SummaryExport, PgrOnAurocWhenEveryJobHasOne) {
  TempFolder dir;
  test::writeEleutherStage(dir.path() / "weak",
                           test::eleutherConfig("EleutherAI/pythia-160m", false), 0.6, 0.70);
  test::writeEleutherStage(dir.path() / "strong",
                           test::eleutherConfig("EleutherAI/pythia-1b", false), 0.9, 0.90);
  test::writeEleutherStage(dir.path() / "w2s", test::eleutherConfig("EleutherAI/pythia-1b", true),
                           0.7, 0.85);
  RunStore store(":memory:");
  const int64_t sweep = importEleutherResults(store, dir.path().string()).sweepId;
  const json j = exportSummaryJson(store, sweep);
  ASSERT_EQ(j.at("outcomes").size(), 1u);
  const json& o = j.at("outcomes")[0];
  EXPECT_NEAR(o.at("w2s_auroc").get<double>(), 0.85, 1e-12);
  EXPECT_NEAR(o.at("pgr_auroc").get<double>(), (0.85 - 0.70) / (0.90 - 0.70), 1e-9);
  EXPECT_NEAR(o.at("pgr").get<double>(), (0.7 - 0.6) / (0.9 - 0.6), 1e-9);
}

TEST(SummaryExport, WholeStoreAndUnknownSweep) {
  TempFolder dir;
  RunStore store(":memory:");
  importThreeSeeds(store, dir);
  const json all = exportSummaryJson(store, std::nullopt);
  EXPECT_TRUE(all.at("sweep").is_null());
  EXPECT_EQ(all.at("outcomes").size(), 3u);
  EXPECT_THROW(exportSummaryJson(store, 999), StoreError);
}

TEST(SummaryExport, NameThatIsNotUtf8IsExportedWithReplacementCharacters) {
  RunStore store(":memory:");
  const int64_t sweep = store.addSweep("bad\xff\xfename\x1b[31m", json::object(), "sweep.json");
  const json j = exportSummaryJson(store, sweep);
  EXPECT_THROW(j.dump(), json::type_error);  // what export-json used to do
  const std::string text = summaryJsonText(j);
  EXPECT_NE(text.find("bad\xEF\xBF\xBD\xEF\xBF\xBDname\\u001b[31m"), std::string::npos) << text;
  EXPECT_EQ(json::parse(text).at("sweep").at("id"), sweep);
}

}  // namespace
}  // namespace w2s
