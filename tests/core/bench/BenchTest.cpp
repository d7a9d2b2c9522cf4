#include <gtest/gtest.h>

#include <sstream>

#include "core/bench/Bench.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

TEST(BenchTest, SmokeRunPrintsTheTable) {
  std::ostringstream out;
  EXPECT_EQ(
      runBench({"--steps", "5", "--warmup", "2", "--repeats", "1", "--models", "mlp:8:1,cnn:2"},
               out),
      0);
  const std::string text = out.str();
  EXPECT_NE(text.find("CPU ratio"), std::string::npos) << text;
  EXPECT_NE(text.find("mlp:8:1"), std::string::npos) << text;
  EXPECT_NE(text.find("cnn:2"), std::string::npos) << text;
}

TEST(BenchTest, WithoutPythonShowsNotAvailable) {
  std::ostringstream out;
  EXPECT_EQ(runBench({"--steps", "3", "--warmup", "1", "--no-python", "--models", "mlp:4:2"}, out),
            0);
  EXPECT_NE(out.str().find("n/a"), std::string::npos) << out.str();
}

TEST(BenchTest, RejectsBadArguments) {
  std::ostringstream out;
  EXPECT_THROW(runBench({"--steps", "0"}, out), SpecError);
  EXPECT_THROW(runBench({"--models", "rnn:3"}, out), SpecError);
  EXPECT_THROW(runBench({"--frobnicate"}, out), SpecError);
  EXPECT_THROW(runBench({"--repeats", "x"}, out), SpecError);
}

}  // namespace
}  // namespace w2s
