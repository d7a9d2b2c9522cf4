#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/analysis/Report.h"
#include "core/interop/OpenAiImporter.h"
#include "core/store/RunStore.h"
#include "core/util/Error.h"
#include "tests/core/interop/InteropFixtures.h"

namespace w2s {
namespace {

using nlohmann::json;
using test::TempFolder;

// Two seeds of gpt2 -> gpt2-medium, each with xent and logconf students.
void writeSweep(const std::filesystem::path& root) {
  const std::map<uint64_t, std::array<double, 4>> acc = {
      // weak, ceiling, xent student, logconf student
      {0, {0.70, 0.80, 0.76, 0.78}},
      {1, {0.72, 0.82, 0.75, 0.80}}};
  for (const auto& [seed, a] : acc) {
    const std::string s = std::to_string(seed);
    const json weak = test::openAiGtConfig("gpt2", seed);
    test::writeOpenAiRun(root, "ms=gpt2-s=" + s, weak, a[0]);
    test::writeOpenAiRun(root, "ms=gpt2-medium-s=" + s, test::openAiGtConfig("gpt2-medium", seed),
                         a[1]);
    test::writeOpenAiRun(root, "l=xent-ms=gpt2-medium-s=" + s + "-wms=gpt2",
                         test::openAiStudentConfig(weak, "gpt2-medium", "xent"), a[2]);
    test::writeOpenAiRun(root, "l=logconf-ms=gpt2-medium-s=" + s + "-wms=gpt2",
                         test::openAiStudentConfig(weak, "gpt2-medium", "logconf"), a[3]);
  }
}

std::string errorOf(const std::string& folder) {
  try {
    readOpenAiResults(folder);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

TEST(OpenAiImporter, ImportedSweepYieldsTheHandComputedPgr) {
  TempFolder dir;
  writeSweep(dir.path());
  RunStore store(":memory:");
  const ImportSummary s = importOpenAiResults(store, dir.path().string());
  EXPECT_EQ(s.weak, 2);
  EXPECT_EQ(s.ceilings, 2);
  EXPECT_EQ(s.students, 4);
  EXPECT_EQ(s.studentsWithPgrInputs, 4);
  EXPECT_TRUE(s.warnings.empty());

  const auto outcomes = collectOutcomes(store, s.sweepId);
  ASSERT_EQ(outcomes.size(), 4u);
  // (w2s - weak) / (ceiling - weak) per seed.
  const std::map<std::pair<std::string, uint64_t>, double> expected = {
      {{"xent", 0}, (0.76 - 0.70) / (0.80 - 0.70)},
      {{"logconf", 0}, (0.78 - 0.70) / (0.80 - 0.70)},
      {{"xent", 1}, (0.75 - 0.72) / (0.82 - 0.72)},
      {{"logconf", 1}, (0.80 - 0.72) / (0.82 - 0.72)}};
  for (const StudentOutcome& o : outcomes) {
    SCOPED_TRACE(o.loss + " seed " + std::to_string(o.seed));
    EXPECT_EQ(o.task, "sciq");
    EXPECT_EQ(o.weakSize, "gpt2");
    EXPECT_EQ(o.strongSize, "gpt2-medium");
    ASSERT_TRUE(o.pgr);
    EXPECT_NEAR(*o.pgr, expected.at({o.loss, o.seed}), 1e-9);
    EXPECT_NEAR(o.sizeGap, std::log10(354823168.0 / 124439808.0), 1e-9);
    EXPECT_TRUE(std::isnan(o.agree.all));  // no predictions in these folders
  }
  const auto rows = aggregate(outcomes);
  ASSERT_EQ(rows.size(), 2u);
  for (const ReportRow& r : rows) {
    EXPECT_EQ(r.seeds, 2);
    const double mean = (expected.at({r.loss, 0}) + expected.at({r.loss, 1})) / 2.0;
    EXPECT_NEAR(r.pgr.mean, mean, 1e-9);
  }
}

TEST(OpenAiImporter, JobsLookLikePlannedJobs) {
  TempFolder dir;
  writeSweep(dir.path());
  RunStore store(":memory:");
  const ImportSummary s = importOpenAiResults(store, dir.path().string());
  const auto sweep = store.sweep(s.sweepId);
  ASSERT_TRUE(sweep);
  EXPECT_EQ(sweep->name, "import: " + dir.path().string());
  EXPECT_EQ(sweep->spec.at("format"), "openai/weak-to-strong");
  for (const JobRecord& j : store.jobs(s.sweepId)) {
    EXPECT_EQ(j.status, JobStatus::Done);
    EXPECT_EQ(j.config.at("imported"), true);
    EXPECT_EQ(j.config.at("model").at("family"), "imported");
    EXPECT_EQ(j.config.at("task").at("dataset"), "sciq");
    EXPECT_EQ(j.config.at("train").at("schedule"), "cosine");
    if (j.kind == JobKind::Student) {
      const auto weak = store.job(j.config.at("weak").get<std::string>());
      ASSERT_TRUE(weak);
      EXPECT_EQ(weak->kind, JobKind::Weak);
      EXPECT_EQ(j.weakHash, weak->hash);
      EXPECT_EQ(store.job(j.labels.at("ceiling").get<std::string>())->kind, JobKind::Ceiling);
    }
  }
}

TEST(OpenAiImporter, ImportingTwiceUpdatesTheSameJobs) {
  TempFolder dir;
  writeSweep(dir.path());
  RunStore store(":memory:");
  importOpenAiResults(store, dir.path().string());
  const size_t jobs = store.jobs().size();
  const ImportSummary again = importOpenAiResults(store, dir.path().string());
  EXPECT_EQ(store.jobs().size(), jobs);
  EXPECT_EQ(store.sweepJobHashes(again.sweepId).size(), jobs);
  // One sweep row for the folder; each import is a run of it.
  EXPECT_EQ(store.sweeps().size(), 1u);
  const auto runs = store.sweepRuns(again.sweepId);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].outcome, "imported");
  EXPECT_EQ(runs[1].source, dir.path().string());
}

TEST(OpenAiImporter, SupervisorIsTheRunTheNestedWeakConfigDescribes) {
  TempFolder dir;
  // Two gpt2 ground-truth runs differing in lr; the student was trained on the lr 1e-4 one.
  const json weakA = test::openAiGtConfig("gpt2", 0, 5e-5);
  const json weakB = test::openAiGtConfig("gpt2", 0, 1e-4);
  test::writeOpenAiRun(dir.path(), "a-weak", weakA, 0.60);
  test::writeOpenAiRun(dir.path(), "b-weak", weakB, 0.70);
  test::writeOpenAiRun(dir.path(), "c-ceiling", test::openAiGtConfig("gpt2-large", 0, 1e-5), 0.9);
  test::writeOpenAiRun(dir.path(), "d-student",
                       test::openAiStudentConfig(weakB, "gpt2-large", "xent", 1e-5), 0.80);
  RunStore store(":memory:");
  const auto outcomes =
      collectOutcomes(store, importOpenAiResults(store, dir.path().string()).sweepId);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_DOUBLE_EQ(outcomes[0].weakAcc, 0.70);
  EXPECT_NEAR(*outcomes[0].pgr, 0.5, 1e-9);
}

TEST(OpenAiImporter, StudentWithoutItsSupervisorIsImportedWithAWarningAndNoPgr) {
  TempFolder dir;
  const json weak = test::openAiGtConfig("gpt2", 0);
  test::writeOpenAiRun(dir.path(), "ceiling", test::openAiGtConfig("gpt2-medium", 0), 0.8);
  test::writeOpenAiRun(dir.path(), "student",
                       test::openAiStudentConfig(weak, "gpt2-medium", "xent"), 0.75);
  RunStore store(":memory:");
  const ImportSummary s = importOpenAiResults(store, dir.path().string());
  EXPECT_EQ(s.students, 1);
  EXPECT_EQ(s.studentsWithPgrInputs, 0);
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_NE(s.warnings[0].find("no ground-truth run of the weak model gpt2"), std::string::npos);
  EXPECT_TRUE(collectOutcomes(store, s.sweepId).empty());
}

TEST(OpenAiImporter, LogGivesTheCurveAndTheBestAccuracy) {
  TempFolder dir;
  const json weak = test::openAiGtConfig("gpt2", 0);
  test::writeOpenAiRun(dir.path(), "weak", weak, 0.70);
  test::writeOpenAiRun(dir.path(), "ceiling", test::openAiGtConfig("gpt2-medium", 0), 0.80);
  const auto student = test::writeOpenAiRun(
      dir.path(), "student", test::openAiStudentConfig(weak, "gpt2-medium", "xent"), 0.74);
  // Steps 0..3 with an evaluation before step 2 and the final one after step 3.
  test::writeText(student / "log.jsonl",
                  "{\"step\": 0, \"progress\": 0.0, \"loss\": 0.9, \"lr\": 1e-4}\n"
                  "{\"step\": 1, \"progress\": 0.25, \"loss\": 0.7, \"lr\": 9e-5}\n"
                  "{\"eval_accuracy\": 0.78, \"step\": 2, \"progress\": 0.5, \"loss\": 0.6, "
                  "\"lr\": 5e-5}\n"
                  "{\"step\": 3, \"progress\": 0.75, \"loss\": 0.5, \"lr\": 1e-5}\n"
                  "{\"eval_accuracy\": 0.74}\n");
  RunStore store(":memory:");
  const ImportSummary s = importOpenAiResults(store, dir.path().string());
  const auto outcomes = collectOutcomes(store, s.sweepId);
  ASSERT_EQ(outcomes.size(), 1u);
  const auto curve = store.curve(outcomes[0].studentHash);
  ASSERT_EQ(curve.size(), 2u);
  EXPECT_EQ(curve[0].step, 2);
  EXPECT_NEAR(curve[0].trainLoss, 0.8, 1e-12);  // mean of steps 0 and 1
  EXPECT_NEAR(curve[0].epoch, 1.0, 1e-12);      // progress 0.5 of 2 epochs
  EXPECT_EQ(curve[1].step, 4);
  EXPECT_NEAR(curve[1].trainLoss, 0.55, 1e-12);  // steps 2 and 3
  EXPECT_NEAR(outcomes[0].w2sBestAcc, 0.78, 1e-12);
  EXPECT_EQ(outcomes[0].w2sBestStep, 2);
  EXPECT_NEAR(*outcomes[0].pgr, 0.4, 1e-9);
  EXPECT_NEAR(*outcomes[0].pgrBest, 0.8, 1e-9);
}

TEST(OpenAiImporter, MalformedFoldersGiveErrorsNamingTheFile) {
  {
    TempFolder dir;
    test::writeJsonFile(dir.path() / "run" / "results_summary.json", {{"accuracy", 0.7}});
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find((dir.path() / "run" / "config.json").string()), std::string::npos) << e;
  }
  {
    TempFolder dir;
    const auto run = test::writeOpenAiRun(dir.path(), "run", test::openAiGtConfig("gpt2", 0), 0.7);
    test::writeText(run / "results_summary.json", "{\"accuracy\": ");
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find((run / "results_summary.json").string()), std::string::npos) << e;
    EXPECT_NE(e.find("not valid JSON"), std::string::npos) << e;
  }
  {
    TempFolder dir;
    const auto run = test::writeOpenAiRun(dir.path(), "run", test::openAiGtConfig("gpt2", 0), 0.7);
    test::writeJsonFile(run / "results_summary.json", {{"loss", 0.3}});
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find("results_summary.json: no test accuracy"), std::string::npos) << e;
  }
  {
    TempFolder dir;
    json config = test::openAiGtConfig("gpt2", 0);
    config.erase("ds_name");
    const auto run = test::writeOpenAiRun(dir.path(), "run", config, 0.7);
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find("config.json: field \"ds_name\" is missing"), std::string::npos) << e;
  }
  {
    TempFolder dir;
    const auto run = test::writeOpenAiRun(dir.path(), "run", test::openAiGtConfig("gpt2", 0), 0.7);
    test::writeText(run / "log.jsonl", "{\"step\": 0}\nnot json\n");
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find((run / "log.jsonl").string() + ":2"), std::string::npos) << e;
  }
  {
    TempFolder dir;
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find("no openai/weak-to-strong run folder"), std::string::npos) << e;
    EXPECT_NE(errorOf((dir.path() / "missing").string()).find("no such folder"), std::string::npos);
  }
}

TEST(OpenAiImporter, LinksOutOfTheFolderAreRefused) {
  TempFolder outside;
  test::writeJsonFile(outside.path() / "secret.json", test::openAiGtConfig("gpt2", 0));
  test::writeText(outside.path() / "log.jsonl", "{\"step\": 1, \"eval_accuracy\": 0.5}\n");
  {
    TempFolder dir;
    const auto run =
        test::writeOpenAiRun(dir.path(), "ms=gpt2", test::openAiGtConfig("gpt2", 0), 0.7);
    std::filesystem::remove(run / "config.json");
    std::filesystem::create_symlink(outside.path() / "secret.json", run / "config.json");
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find((run / "config.json").string() + ": expected a file inside the import folder"),
              std::string::npos)
        << e;
  }
  {
    TempFolder dir;
    const auto run =
        test::writeOpenAiRun(dir.path(), "ms=gpt2", test::openAiGtConfig("gpt2", 0), 0.7);
    std::filesystem::create_symlink(outside.path() / "log.jsonl", run / "log.jsonl");
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find((run / "log.jsonl").string() + ": expected a file inside the import folder"),
              std::string::npos)
        << e;
  }
  {
    // A link that stays inside the folder is fine.
    TempFolder dir;
    const auto run =
        test::writeOpenAiRun(dir.path(), "ms=gpt2", test::openAiGtConfig("gpt2", 0), 0.7);
    std::filesystem::rename(run / "config.json", dir.path() / "shared-config.json");
    std::filesystem::create_symlink(dir.path() / "shared-config.json", run / "config.json");
    EXPECT_EQ(readOpenAiResults(dir.path().string()).runs.size(), 1u);
  }
}

TEST(OpenAiImporter, DeeplyNestedConfigOrSeedIsAnError) {
  const std::string deep = std::string(300000, '[') + std::string(300000, ']');
  for (const std::string& config :
       {deep, "{\"ds_name\": \"sciq\", \"model_size\": \"gpt2\", \"seed\": " + deep + "}"}) {
    TempFolder dir;
    const auto run =
        test::writeOpenAiRun(dir.path(), "ms=gpt2", test::openAiGtConfig("gpt2", 0), 0.7);
    test::writeText(run / "config.json", config);
    const std::string e = errorOf(dir.path().string());
    EXPECT_NE(e.find((run / "config.json").string() + ": expected JSON nested at most 256"),
              std::string::npos)
        << e.substr(0, 300);
  }
  TempFolder dir;
  const auto run =
      test::writeOpenAiRun(dir.path(), "ms=gpt2", test::openAiGtConfig("gpt2", 0), 0.7);
  test::writeText(run / "log.jsonl", "{\"step\": " + deep + "}\n");
  EXPECT_NE(errorOf(dir.path().string()).find("log.jsonl:1: expected JSON nested at most 256"),
            std::string::npos);
}

}  // namespace
}  // namespace w2s
