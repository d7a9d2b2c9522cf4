#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "core/text/DataDir.h"
#include "core/util/Error.h"
#include "tests/core/io/TempDir.h"

namespace w2s {
namespace {

// Points $W2S_DATA_DIR at the test's folder and restores the old value afterwards.
class DataDirTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    if (const char* old = std::getenv("W2S_DATA_DIR")) old_ = old, hadOld_ = true;
    setenv("W2S_DATA_DIR", dir_.c_str(), 1);
  }
  void TearDown() override {
    if (hadOld_) {
      setenv("W2S_DATA_DIR", old_.c_str(), 1);
    } else {
      unsetenv("W2S_DATA_DIR");
    }
    TempDirTest::TearDown();
  }
  std::string old_;
  bool hadOld_ = false;
};

TEST_F(DataDirTest, EnvironmentOverridesTheDataDir) { EXPECT_EQ(dataDir(), dir_.string()); }

TEST_F(DataDirTest, MissingDataNamesThePathAndTheInstallStep) {
  for (const auto& locate : std::vector<std::function<std::string()>>{
           spamAssassinDir, sentimentDir, gloveJsonPath, [] { return fineFoodCsv("training"); }}) {
    const std::string msg = errorOf([&] { locate(); });
    EXPECT_NE(msg.find(dir_.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("bash packaging/fetch-data.sh"), std::string::npos) << msg;
  }
  const bool haveR = std::filesystem::exists("/usr/lib/R/site-library/modeldata");
  const std::string msg = errorOf([] { fineFoodCsv("testing"); });
  EXPECT_EQ(msg.find("apt-get install r-cran-modeldata r-base-core") != std::string::npos, !haveR)
      << msg;
  EXPECT_THROW(fineFoodCsv("validation"), DataError);
}

TEST_F(DataDirTest, FindsWhatFetchDataInstalled) {
  std::filesystem::create_directories(dir_ / "sentiment/test/fixtures");
  write("sentiment/test/fixtures/amazon.json", "[]");
  EXPECT_EQ(sentimentDir(), (dir_ / "sentiment/test/fixtures").string());
  std::filesystem::create_directories(dir_ / "modeldata");
  write("modeldata/testing.csv", "review,score\n");
  EXPECT_EQ(fineFoodCsv("testing"), (dir_ / "modeldata/testing.csv").string());
}

}  // namespace
}  // namespace w2s
