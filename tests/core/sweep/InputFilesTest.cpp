// Input files by content: job hashes follow what a file holds, not where it lies; relative
// paths are found beside the sweep file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/sweep/InputFiles.h"
#include "core/sweep/Plan.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"
#include "core/util/Sha256.h"
#include "tests/core/run/TinySweep.h"

namespace w2s {
namespace {

namespace fs = std::filesystem;

void writeCsv(const fs::path& path, int rows, int flip) {
  std::ofstream out(path);
  out << "x1,x2,label\n";
  for (int i = 0; i < rows; ++i) {
    const double a = (i % 17) / 17.0, b = (i % 5) / 5.0;
    out << a << "," << b << "," << (((a + b > 0.9) != (i == flip)) ? 1 : 0) << "\n";
  }
}

nlohmann::json csvSweep(const std::string& path) {
  nlohmann::json j = test::tinySweepJson();
  j["task"] = {{"dataset", "csv"},
               {"path", path},
               {"feature_columns", {"x1", "x2"}},
               {"label_column", "label"}};
  return j;
}

std::set<std::string> hashes(const SweepSpec& spec) {
  std::set<std::string> out;
  for (const Job& j : planSweep(spec).jobs) out.insert(j.hash);
  return out;
}

TEST(InputFiles, Sha256MatchesTheStandardVectors) {
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(contentHash(nlohmann::json{{"b", 1}, {"a", 2}}).size(), 64u);
  EXPECT_EQ(legacyContentHash(nlohmann::json{{"a", 2}}).size(), 32u);
}

TEST(InputFiles, AnEditedFileGetsNewJobsAndAMovedOneKeepsThem) {
  const fs::path dir = test::tempDir("input-files");
  writeCsv(dir / "data.csv", 300, -1);
  const std::string sweep = test::writeJson(dir / "sweep.json", csvSweep("data.csv"));
  const SweepSpec spec = SweepSpec::fromFile(sweep);
  EXPECT_EQ(spec.task.path, (dir / "data.csv").string()) << "resolved beside the sweep file";
  const auto before = hashes(spec);
  const Plan plan = planSweep(spec);
  EXPECT_EQ(plan.jobs.front().config.at("task").at("path_sha256").get<std::string>(),
            fileSha256((dir / "data.csv").string()));

  // Run from another folder: the same files, the same jobs.
  const fs::path cwd = fs::current_path();
  fs::current_path(fs::temp_directory_path());
  EXPECT_EQ(hashes(SweepSpec::fromFile(sweep)), before);
  fs::current_path(cwd);

  // The same contents in another folder: the same jobs.
  fs::create_directories(dir / "moved");
  fs::copy_file(dir / "data.csv", dir / "moved" / "data.csv");
  EXPECT_EQ(hashes(SweepSpec::fromFile(
                test::writeJson(dir / "moved" / "sweep.json", csvSweep("data.csv")))),
            before);

  // One label edited under the same name (and the same size): every job is new.
  const auto stale = fileSha256((dir / "data.csv").string());
  writeCsv(dir / "data.csv", 300, 7);
  fs::last_write_time(dir / "data.csv",
                      fs::last_write_time(dir / "data.csv") + std::chrono::seconds(5));
  const auto after = hashes(SweepSpec::fromFile(sweep));
  for (const auto& h : after) EXPECT_EQ(before.count(h), 0u) << h;
  EXPECT_THROW(checkInputDigest((dir / "data.csv").string(), stale, "task.path"), DataError);
  EXPECT_NO_THROW(
      checkInputDigest((dir / "data.csv").string(), fileSha256((dir / "data.csv").string()), "t"));
  fs::remove_all(dir);
}

TEST(InputFiles, AMissingFileIsNamed) {
  try {
    fileSha256("/nonexistent/w2s/data.csv");
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/w2s/data.csv"), std::string::npos);
  }
}

}  // namespace
}  // namespace w2s
