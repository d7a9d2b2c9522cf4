#include "core/cli/Cli.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/store/RunStore.h"
#include "tests/core/run/TinySweep.h"

namespace w2s {
namespace {

struct Result {
  int code;
  std::string out, err;
};

Result cli(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = runCli(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(CliTest, VersionAndHelp) {
  auto r = cli({"--version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find(W2S_VERSION), std::string::npos);
  EXPECT_NE(r.out.find("libtorch"), std::string::npos);
  EXPECT_EQ(cli({}).code, 2);
  auto bad = cli({"frobnicate"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("frobnicate"), std::string::npos);
}

TEST(CliTest, MethodsListsEveryRegisteredMethod) {
  const auto r = cli({"methods"});
  EXPECT_EQ(r.code, 0) << r.err;
  for (const char* field :
       {"early_stop", "bootstrap", "label_sources", "student_iterations", "probe_combos"}) {
    EXPECT_NE(r.out.find(field), std::string::npos) << field;
  }
  const auto md = cli({"methods", "--markdown"});
  EXPECT_EQ(md.code, 0);
  EXPECT_EQ(md.out.rfind("| field |", 0), 0u) << md.out;
  const auto bad = cli({"methods", "--bogus"});
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.err.find("--bogus"), std::string::npos) << bad.err;
}

TEST(CliTest, MalformedSweepFailsWithTheFieldAndStoresNothing) {
  auto dir = test::tempDir("cli-bad");
  auto j = test::tinySweepJson();
  j["seed"] = 1;  // typo for "seeds"
  const std::string path = test::writeJson(dir / "bad.json", j);
  const std::string db = (dir / "runs.db").string();
  auto r = cli({"run", path, "--db", db});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("seed"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(db));

  std::ofstream(dir / "syntax.json") << "{\"name\": \"x\",, }";
  r = cli({"run", (dir / "syntax.json").string(), "--db", db});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("syntax.json"), std::string::npos) << r.err;

  r = cli({"run", (dir / "missing.json").string(), "--db", db});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("missing.json"), std::string::npos) << r.err;

  const std::string good = test::writeJson(dir / "good.json", test::tinySweepJson());
  r = cli({"run", good, "--db", db, "--jobs", "zero"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--jobs"), std::string::npos) << r.err;
}

TEST(CliTest, ReportOnAMissingStoreNamesIt) {
  auto dir = test::tempDir("cli-missing-store");
  auto r = cli({"report", "--db", (dir / "nope.db").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("nope.db"), std::string::npos);
}

TEST(CliTest, RunStatusReportExport) {
  auto dir = test::tempDir("cli-run");
  const std::string sweep = test::writeJson(dir / "tiny.json", test::tinySweepJson());
  const std::string db = (dir / "runs.db").string();
  auto r = cli({"run", sweep, "--db", db, "--jobs", "2", "--threads", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("6 planned"), std::string::npos) << r.out;

  r = cli({"status", "--db", db});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("6/6 done"), std::string::npos) << r.out;

  r = cli({"report", "--db", db});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("PGR"), std::string::npos);
  EXPECT_NE(r.out.find("s64"), std::string::npos);

  r = cli({"report", "--db", db, "--format", "csv"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);  // header + one (weak, strong, loss)

  r = cli({"export", "--db", db, "--out", (dir / "out").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  for (const char* f : {"summary.csv", "outcomes.csv", "curves.csv"}) {
    EXPECT_GT(std::filesystem::file_size(dir / "out" / f), 100u) << f;
  }

  // A second run of the same sweep trains nothing.
  r = cli({"run", sweep, "--db", db});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("6 reused"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 trained"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace w2s
