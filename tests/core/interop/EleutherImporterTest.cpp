#include <gtest/gtest.h>

#include <cmath>

#include "core/analysis/Report.h"
#include "core/interop/EleutherImporter.h"
#include "core/store/RunStore.h"
#include "core/util/Error.h"
#include "tests/core/interop/InteropFixtures.h"

namespace w2s {
namespace {

using nlohmann::json;
using test::TempFolder;

const char* const kWeak = "EleutherAI/pythia-160m";
const char* const kStrong = "EleutherAI/pythia-1b";

// run.py's layout: weak and strong stages in the shared folder, w2s and s2s in the run's folder.
void writeRun(const std::filesystem::path& root) {
  test::writeEleutherStage(root / "shared" / "sciq" / "weak", test::eleutherConfig(kWeak, false),
                           0.60, 0.65);
  test::writeEleutherStage(root / "shared" / "sciq" / "strong",
                           test::eleutherConfig(kStrong, false), 0.90, 0.95);
  test::writeEleutherStage(root / "run1" / "sciq" / "w2s", test::eleutherConfig(kStrong, true),
                           0.75, 0.85);
  test::writeEleutherStage(root / "run1" / "sciq" / "s2s-0", test::eleutherConfig(kStrong, true),
                           0.81, 0.87);
}

std::string errorOf(const std::string& folder) {
  try {
    readEleutherResults(folder);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

TEST(EleutherImporter, ImportedStagesYieldTheHandComputedPgr) {
  TempFolder dir;
  writeRun(dir.path());
  RunStore store(":memory:");
  const ImportSummary s = importEleutherResults(store, dir.path().string());
  EXPECT_EQ(s.weak, 1);
  EXPECT_EQ(s.ceilings, 1);
  EXPECT_EQ(s.students, 2);
  EXPECT_TRUE(s.warnings.empty());

  const auto outcomes = collectOutcomes(store, s.sweepId);
  ASSERT_EQ(outcomes.size(), 2u);
  for (const StudentOutcome& o : outcomes) {
    SCOPED_TRACE(o.method);
    EXPECT_EQ(o.loss, "logconf");
    EXPECT_EQ(o.task, "sciq");
    EXPECT_EQ(o.weakSize, kWeak);
    EXPECT_EQ(o.strongSize, kStrong);
    EXPECT_EQ(o.seed, 42u);
    EXPECT_NEAR(o.sizeGap, std::log10(1011781632.0 / 162322944.0), 1e-9);
    ASSERT_TRUE(o.pgr);
    // Both measured against the original weak model: (acc - 0.60) / (0.90 - 0.60).
    const double w2s = o.method == "direct" ? 0.75 : 0.81;
    EXPECT_NEAR(*o.pgr, (w2s - 0.60) / 0.30, 1e-9);
  }
}

TEST(EleutherImporter, KeepsAurocAndTheStudentChain) {
  TempFolder dir;
  writeRun(dir.path());
  RunStore store(":memory:");
  const ImportSummary s = importEleutherResults(store, dir.path().string());
  std::string w2sHash, s2sHash;
  for (const JobRecord& j : store.jobs(s.sweepId)) {
    if (j.kind != JobKind::Student) continue;
    (j.labels.contains("method") ? s2sHash : w2sHash) = j.hash;
  }
  ASSERT_FALSE(w2sHash.empty());
  ASSERT_FALSE(s2sHash.empty());
  EXPECT_DOUBLE_EQ(store.summary(w2sHash).at("auroc").get<double>(), 0.85);
  // Like a planned bootstrap chain: config.weak is the supervisor, labels.root_weak the weak model.
  const auto s2s = store.job(s2sHash);
  EXPECT_EQ(s2s->config.at("weak"), w2sHash);
  EXPECT_EQ(s2s->labels.at("root_weak"), store.job(w2sHash)->config.at("weak"));
  EXPECT_EQ(s2s->labels.at("method"), "s2s-0");
  EXPECT_EQ(s2s->labels.at("chain_steps"), 2);
  EXPECT_EQ(s2s->config.at("loss").at("logconf_weight"), 0.5);
}

TEST(EleutherImporter, TrainerStateOfTheFurthestCheckpointGivesTheCurve) {
  TempFolder dir;
  writeRun(dir.path());
  const auto w2s = dir.path() / "run1" / "sciq" / "w2s";
  auto state = [](int64_t last) {
    json log = json::array();
    for (int64_t step = 100; step <= last; step += 100) {
      log.push_back({{"step", step - 50}, {"loss", 0.5}, {"learning_rate", 1e-4}});
      log.push_back({{"step", step}, {"loss", 0.3}, {"learning_rate", 5e-5}});
      log.push_back({{"step", step}, {"epoch", step / 100.0}, {"eval_val_accuracy", 0.5}});
      log.push_back({{"step", step},
                     {"epoch", step / 100.0},
                     {"eval_test_accuracy", step == 200 ? 0.83 : 0.70},
                     {"eval_test_loss", 0.4}});
    }
    return json{{"global_step", last}, {"log_history", log}};
  };
  test::writeJsonFile(w2s / "checkpoint-200" / "trainer_state.json", state(200));
  test::writeJsonFile(w2s / "checkpoint-300" / "trainer_state.json", state(300));
  RunStore store(":memory:");
  const auto outcomes =
      collectOutcomes(store, importEleutherResults(store, dir.path().string()).sweepId);
  for (const StudentOutcome& o : outcomes) {
    if (o.method != "direct") continue;
    const auto curve = store.curve(o.studentHash);
    ASSERT_EQ(curve.size(), 3u);
    EXPECT_EQ(curve[2].step, 300);
    EXPECT_NEAR(curve[0].trainLoss, 0.4, 1e-12);
    EXPECT_NEAR(curve[1].testLoss, 0.4, 1e-12);
    EXPECT_NEAR(o.w2sBestAcc, 0.83, 1e-12);
    EXPECT_EQ(o.w2sBestStep, 200);
    EXPECT_NEAR(*o.pgrBest, (0.83 - 0.60) / 0.30, 1e-9);
  }
}

TEST(EleutherImporter, StagesOfOtherSeedsOrModelsAreNotMatched) {
  TempFolder dir;
  test::writeEleutherStage(dir.path() / "a" / "weak", test::eleutherConfig(kWeak, false, 1), 0.6,
                           0.6);
  test::writeEleutherStage(dir.path() / "a" / "strong",
                           test::eleutherConfig("EleutherAI/pythia-410m", false), 0.9, 0.9);
  test::writeEleutherStage(dir.path() / "a" / "w2s", test::eleutherConfig(kStrong, true), 0.7, 0.7);
  test::writeEleutherStage(dir.path() / "a" / "notes", test::eleutherConfig(kStrong, true), 0.7,
                           0.7);
  const ImportBatch b = readEleutherResults(dir.path().string());
  ASSERT_EQ(b.runs.size(), 3u);
  ASSERT_EQ(b.warnings.size(), 3u);
  EXPECT_NE(b.warnings[0].find("notes: skipped"), std::string::npos) << b.warnings[0];
  EXPECT_NE(b.warnings[1].find("no weak stage"), std::string::npos) << b.warnings[1];
  EXPECT_NE(b.warnings[2].find("no strong stage"), std::string::npos) << b.warnings[2];
}

TEST(EleutherImporter, MalformedStagesGiveErrorsNamingTheFile) {
  {
    TempFolder dir;
    const auto weak =
        test::writeEleutherStage(dir.path() / "weak", test::eleutherConfig(kWeak, false), 0.6, 0.6);
    test::writeJsonFile(weak / "results.json", {{"eval_loss", 0.5}});
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find((weak / "results.json").string() + ": no test accuracy"), std::string::npos)
        << e;
  }
  {
    TempFolder dir;
    json config = test::eleutherConfig(kWeak, false);
    config.erase("dataset");
    test::writeEleutherStage(dir.path() / "weak", config, 0.6, 0.6);
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find("config.json: field \"dataset\" is missing"), std::string::npos) << e;
  }
  {
    TempFolder dir;
    json config = test::eleutherConfig(kWeak, false);
    config["train_args"]["seed"] = "x";
    test::writeEleutherStage(dir.path() / "weak", config, 0.6, 0.6);
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find("\"train_args.seed\" must be a non-negative integer"), std::string::npos) << e;
  }
  {
    TempFolder dir;
    const auto w2s =
        test::writeEleutherStage(dir.path() / "w2s", test::eleutherConfig(kStrong, true), 0.6, 0.6);
    test::writeText(w2s / "checkpoint-10" / "trainer_state.json", "{");
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find("checkpoint-10/trainer_state.json: not valid JSON"), std::string::npos) << e;
  }
  {
    TempFolder dir;
    EXPECT_NE(errorOf(dir.path().string()).find("no EleutherAI/w2s stage folder"),
              std::string::npos);
  }
}

TEST(EleutherImporter, LinksOutOfTheFolderAndDeepJsonAreRefused) {
  TempFolder outside;
  test::writeJsonFile(outside.path() / "secret.json", {{"eval_accuracy", 0.5}});
  {
    TempFolder dir;
    const auto weak =
        test::writeEleutherStage(dir.path() / "weak", test::eleutherConfig(kWeak, false), 0.6, 0.6);
    std::filesystem::remove(weak / "results.json");
    std::filesystem::create_symlink(outside.path() / "secret.json", weak / "results.json");
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(
        e.find((weak / "results.json").string() + ": expected a file inside the import folder"),
        std::string::npos)
        << e;
  }
  {
    TempFolder dir;
    const auto weak =
        test::writeEleutherStage(dir.path() / "weak", test::eleutherConfig(kWeak, false), 0.6, 0.6);
    json config = test::eleutherConfig(kWeak, false);
    std::string text = config.dump();
    const std::string seed = "\"seed\":42";
    ASSERT_NE(text.find(seed), std::string::npos);
    text.replace(text.find(seed), seed.size(),
                 "\"seed\":" + std::string(300000, '[') + std::string(300000, ']'));
    test::writeText(weak / "config.json", text);
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find((weak / "config.json").string() + ": expected JSON nested at most 256"),
              std::string::npos)
        << e.substr(0, 300);
  }
}

}  // namespace
}  // namespace w2s
