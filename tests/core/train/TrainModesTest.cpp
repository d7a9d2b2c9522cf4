// Student training modes: finetune, linear probe (backbone frozen), head then full.
#include "core/train/TrainModes.h"

#include <gtest/gtest.h>

#include "core/util/Error.h"

namespace w2s {
namespace {

TrainInputs separable(uint64_t seed) {
  auto gen = at::detail::createCPUGenerator(seed);
  const auto w = torch::randn({6}, gen);
  TrainInputs in;
  in.x = torch::randn({256, 6}, gen);
  in.targets = torch::one_hot(in.x.matmul(w).gt(0).to(torch::kLong), 2).to(torch::kFloat);
  in.testX = torch::randn({64, 6}, gen);
  in.testY = in.testX.matmul(w).gt(0).to(torch::kLong);
  return in;
}

std::shared_ptr<Classifier> mlp() {
  torch::manual_seed(0);
  ModelSpec spec;
  spec.width = 16;
  spec.depth = 1;
  return makeModel(spec, {6}, 2);
}

std::map<std::string, torch::Tensor> snapshot(const Classifier& m) {
  std::map<std::string, torch::Tensor> out;
  for (const auto& p : m.named_parameters()) out[p.key()] = p.value().detach().clone();
  return out;
}

TrainConfig config(const std::string& mode) {
  TrainConfig c;
  c.lr = 1e-2;
  c.epochs = 2;
  c.batchSize = 32;
  c.evalEvery = 4;
  c.mode = mode;
  return c;
}

TEST(TrainModesTest, LinearProbeTrainsOnlyTheHead) {
  auto model = mlp();
  const auto before = snapshot(*model);
  trainWithMode(*model, separable(1), config("linear_probe"), LossSpec(), 3, torch::kCPU);
  for (const auto& p : model->named_parameters()) {
    EXPECT_EQ(torch::equal(p.value(), before.at(p.key())), !isHeadParameter(p.key())) << p.key();
    EXPECT_TRUE(p.value().requires_grad()) << "trainable again afterwards: " << p.key();
  }
  EXPECT_EQ(parameterCount(*model), 6 * 16 + 16 + 16 * 2 + 2);
}

TEST(TrainModesTest, HeadThenFullContinuesOneCurve) {
  auto model = mlp();
  const auto before = snapshot(*model);
  TrainConfig c = config("head_then_full");
  c.headEpochs = 1;
  const TrainResult r = trainWithMode(*model, separable(2), c, LossSpec(), 3, torch::kCPU);
  EXPECT_EQ(r.steps, 8 + 16);  // 1 head epoch + 2 full epochs of 8 steps
  for (size_t i = 1; i < r.curve.size(); ++i) EXPECT_GT(r.curve[i].step, r.curve[i - 1].step);
  EXPECT_EQ(r.curve.back().step, 24);
  EXPECT_FALSE(torch::equal(model->named_parameters()["hidden0.weight"], before.at("hidden0.weight")));
  EXPECT_GT(r.curve.back().testAcc, 0.8);
}

TEST(TrainModesTest, FinetuneIsPlainTrainingAndUnknownModesFail) {
  auto a = mlp();
  auto b = mlp();
  const TrainResult ra = trainWithMode(*a, separable(3), config("finetune"), LossSpec(), 4, torch::kCPU);
  const TrainResult rb = train(*b, separable(3), config("finetune"), LossSpec(), 4, torch::kCPU);
  EXPECT_EQ(ra.curve.back().testAcc, rb.curve.back().testAcc);
  EXPECT_THROW(trainWithMode(*a, separable(3), config("probe"), LossSpec(), 4, torch::kCPU),
               SpecError);
}

TEST(TrainModesTest, ModeIsHashedOnlyWhenNotFinetune) {
  TrainConfig c;
  EXPECT_FALSE(c.toJson().contains("mode"));
  c.mode = "linear_probe";
  EXPECT_EQ(c.toJson().at("mode"), "linear_probe");
  const TrainConfig back = TrainConfig::fromJson(c.toJson(), "train");
  EXPECT_EQ(back.mode, "linear_probe");
  EXPECT_THROW(TrainConfig::fromJson(nlohmann::json{{"mode", "probe"}}, "train"), SpecError);
}

}  // namespace
}  // namespace w2s
