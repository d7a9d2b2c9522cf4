#include <gtest/gtest.h>

#include <cmath>
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
  EXPECT_NE(text.find("matmul peak"), std::string::npos) << text;
  EXPECT_NE(text.find("%peak"), std::string::npos) << text;
}

TEST(BenchTest, FlopsCountEveryLayersForwardAndGradientsButTheFirstInputGradient) {
  ModelSpec mlp;
  mlp.family = "mlp";
  mlp.width = 8;
  mlp.depth = 1;
  // 784 x 8 first layer: forward + weight gradient; 8 x 10 head: all three; 2 flops per MAC.
  EXPECT_EQ(trainFlopsPerExample(mlp, 10), 2 * (784 * 8 * 2 + 8 * 10 * 3));
  mlp.depth = 2;
  EXPECT_EQ(trainFlopsPerExample(mlp, 10), 2 * (784 * 8 * 2 + 8 * 8 * 3 + 8 * 10 * 3));
  ModelSpec cnn;
  cnn.family = "cnn";
  cnn.channels = 2;
  const int64_t conv1 = 1 * 2 * 9 * 28 * 28, conv2 = 2 * 4 * 9 * 14 * 14, head = 4 * 7 * 7 * 10;
  EXPECT_EQ(trainFlopsPerExample(cnn, 10), 2 * (conv1 * 2 + conv2 * 3 + head * 3));
  ModelSpec other;
  other.family = "transformer";
  EXPECT_THROW(trainFlopsPerExample(other, 10), SpecError);
}

TEST(BenchTest, MatmulPeakIsAPositiveRate) {
  const double peak = matmulPeakGflops(64, 1);
  EXPECT_GT(peak, 0.0);
  EXPECT_TRUE(std::isfinite(peak));
}

TEST(BenchTest, ProfileListsTheOperatorsOfEachModel) {
  std::ostringstream out;
  EXPECT_EQ(runBench({"--steps", "3", "--warmup", "1", "--repeats", "1", "--no-python", "--profile",
                      "--models", "cnn:2"},
                     out),
            0);
  const std::string text = out.str();
  EXPECT_NE(text.find("profile of cnn:2"), std::string::npos) << text;
  // cnn:2's convolutions and pooling are the workbench's own kernels, each way.
  for (const char* op : {"w2s::conv3x3\n", "w2s::conv3x3_backward\n", "w2s::max_pool2x2_relu\n"}) {
    EXPECT_NE(text.find(op), std::string::npos) << op << "\n" << text;
  }
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
