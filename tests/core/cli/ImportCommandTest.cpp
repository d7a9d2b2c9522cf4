#include <gtest/gtest.h>

#include <sstream>

#include "core/cli/ImportCommand.h"
#include "core/interop/ImportSupport.h"
#include "core/store/RunStore.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"
#include "tests/core/interop/InteropFixtures.h"

namespace w2s {
namespace {

using nlohmann::json;
using test::TempFolder;

void writeOpenAi(const std::filesystem::path& root) {
  const json weak = test::openAiGtConfig("gpt2", 0);
  test::writeOpenAiRun(root, "weak", weak, 0.6);
  test::writeOpenAiRun(root, "ceiling", test::openAiGtConfig("gpt2-xl", 0, 1e-5), 0.9);
  test::writeOpenAiRun(root, "student", test::openAiStudentConfig(weak, "gpt2-xl", "xent", 1e-5),
                       0.81);
}

TEST(ImportCommand, ImportsThenExportsTheSummary) {
  TempFolder dir;
  writeOpenAi(dir.path() / "results");
  const std::string db = (dir.path() / "runs.db").string();
  std::ostringstream out, err;
  ASSERT_EQ(importCommand({(dir.path() / "results").string(), "--db", db}, out, err), 0)
      << err.str();
  EXPECT_NE(out.str().find("imported 3 runs"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("1 students (1 with supervisor and ceiling)"), std::string::npos)
      << out.str();
  EXPECT_EQ(err.str(), "");

  const std::string file = (dir.path() / "summary.json").string();
  ASSERT_EQ(exportJsonCommand({"--out", file, "--db", db}, out, err), 0);
  const json s = json::parse(readTextFile(file));
  ASSERT_EQ(s.at("outcomes").size(), 1u);
  EXPECT_NEAR(s.at("outcomes")[0].at("pgr").get<double>(), (0.81 - 0.6) / (0.9 - 0.6), 1e-9);

  std::ostringstream stdoutJson;
  ASSERT_EQ(exportJsonCommand({"--out", "-", "--db", db, "--sweep", "all"}, stdoutJson, err), 0);
  EXPECT_TRUE(json::parse(stdoutJson.str()).at("sweep").is_null());
}

TEST(ImportCommand, WarningsGoToTheErrorStream) {
  TempFolder dir;
  test::writeOpenAiRun(
      dir.path(), "student",
      test::openAiStudentConfig(test::openAiGtConfig("gpt2", 0), "gpt2-xl", "xent"), 0.8);
  std::ostringstream out, err;
  const std::string db = (dir.path() / "runs.db").string();
  ASSERT_EQ(importCommand({dir.path().string(), "--db", db, "--format", "openai"}, out, err), 0);
  EXPECT_NE(err.str().find("warning: "), std::string::npos);
  EXPECT_NE(out.str().find("(0 with supervisor and ceiling)"), std::string::npos) << out.str();
}

TEST(ImportCommand, DetectsTheFormat) {
  TempFolder openai, eleuther, neither;
  writeOpenAi(openai.path());
  test::writeEleutherStage(eleuther.path() / "weak",
                           test::eleutherConfig("EleutherAI/pythia-160m", false), 0.6, 0.6);
  EXPECT_EQ(detectImportFormat(openai.path().string()), "openai");
  EXPECT_EQ(detectImportFormat(eleuther.path().string()), "eleuther");
  EXPECT_THROW(detectImportFormat(neither.path().string()), DataError);
}

TEST(ImportCommand, MalformedFolderLeavesNoStoreBehind) {
  TempFolder dir;
  writeOpenAi(dir.path() / "results");
  test::writeText(dir.path() / "results" / "default" / "weak" / "config.json", "{oops");
  const std::string db = (dir.path() / "runs.db").string();
  std::ostringstream out, err;
  try {
    importCommand({(dir.path() / "results").string(), "--db", db}, out, err);
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("weak/config.json: not valid JSON"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(db));
}

TEST(ImportCommand, RejectsBadArguments) {
  TempFolder dir;
  std::ostringstream out, err;
  EXPECT_THROW(importCommand({}, out, err), SpecError);
  EXPECT_THROW(importCommand({dir.path().string(), "--format", "csv"}, out, err), SpecError);
  EXPECT_THROW(importCommand({(dir.path() / "nope").string()}, out, err), DataError);
  EXPECT_THROW(exportJsonCommand({"--db", ":memory:"}, out, err), SpecError);
  EXPECT_THROW(
      exportJsonCommand({"--out", "-", "--db", (dir.path() / "none.db").string()}, out, err),
      StoreError);
  EXPECT_THROW(exportJsonCommand({"--out", "-", "--db", ":memory:", "--level", "2"}, out, err),
               SpecError);
}

}  // namespace
}  // namespace w2s
