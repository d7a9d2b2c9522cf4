#include <gtest/gtest.h>

#include <cmath>

#include "core/train/Losses.h"
#include "core/train/Trainer.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

// Linearly separable 2-class data: label = [x . w > 0].
TrainInputs separable(int64_t n, int64_t nTest, uint64_t seed) {
  auto gen = at::detail::createCPUGenerator(seed);
  const auto w = torch::randn({6}, gen);
  auto make = [&](int64_t m, torch::Tensor* y) {
    auto x = torch::randn({m, 6}, gen);
    *y = x.matmul(w).gt(0).to(torch::kLong);
    return x;
  };
  TrainInputs in;
  torch::Tensor y;
  in.x = make(n, &y);
  in.targets = torch::one_hot(y, 2).to(torch::kFloat);
  in.testX = make(nTest, &in.testY);
  return in;
}

std::shared_ptr<Classifier> freshModel(int64_t inputs = 6) {
  torch::manual_seed(0);
  ModelSpec spec;
  spec.width = 16;
  spec.depth = 1;
  return makeModel(spec, {inputs}, 2);
}

TrainConfig config(int epochs, int batch, int evalEvery) {
  TrainConfig cfg;
  cfg.lr = 1e-2;
  cfg.epochs = epochs;
  cfg.batchSize = batch;
  cfg.evalEvery = evalEvery;
  return cfg;
}

class Recorder : public TrainObserver {
 public:
  void onStep(int64_t step, int64_t total, double loss) override {
    steps.push_back(step);
    totals.push_back(total);
    losses.push_back(loss);
    if (cancelAt > 0 && step == cancelAt) token->request();
  }
  void onEval(const EvalPoint& p) override { evals.push_back(p.step); }
  std::vector<int64_t> steps, totals, evals;
  std::vector<double> losses;
  int64_t cancelAt = 0;
  CancelToken* token = nullptr;
};

TEST(TrainerTest, LearnsSeparableData) {
  const auto in = separable(400, 200, 1);
  auto model = freshModel();
  const auto r = train(*model, in, config(5, 32, 20), LossSpec(), 1, torch::kCPU);
  ASSERT_FALSE(r.curve.empty());
  EXPECT_GT(r.curve.back().testAcc, 0.9);
  EXPECT_LT(r.curve.back().trainLoss, r.curve.front().trainLoss);
  EXPECT_TRUE(std::isnan(r.curve.back().agreeAll));
  ASSERT_EQ(r.testProbs.sizes(), (std::vector<int64_t>{200, 2}));
  EXPECT_TRUE(torch::allclose(r.testProbs.sum(1), torch::ones({200})));
  const double acc = r.testProbs.argmax(1).eq(in.testY).to(torch::kDouble).mean().item<double>();
  EXPECT_DOUBLE_EQ(acc, r.curve.back().testAcc);
}

// Training accuracy is measured against the labels the model trains on, here the truth with 30 %
// of the training labels flipped at random. A linear rule learns the truth through the noise: it
// agrees with the given labels on about 70 % while its test accuracy stays far higher.
TEST(TrainerTest, TrainAccuracyIsAgainstTheGivenLabelsOnTheFirstExamples) {
  TrainInputs in = separable(3000, 400, 4);
  torch::Tensor y = in.targets.argmax(1);
  auto gen = at::detail::createCPUGenerator(9);
  const torch::Tensor flip = torch::rand({y.size(0)}, gen).lt(0.3);
  y = torch::where(flip, 1 - y, y);
  in.targets = torch::one_hot(y, 2).to(torch::kFloat);
  auto model = freshModel();
  const auto r = train(*model, in, config(3, 32, 40), LossSpec(), 1, torch::kCPU);
  ASSERT_FALSE(r.curve.empty());
  for (const EvalPoint& p : r.curve) {
    EXPECT_GE(p.trainAcc, 0.0);
    EXPECT_LE(p.trainAcc, 1.0);
  }
  // Recomputed by hand on the first kTrainAccExamples examples against the given labels.
  const torch::Tensor probe = in.x.narrow(0, 0, kTrainAccExamples);
  const torch::Tensor pred = predictProbs(*model, probe, torch::kCPU).argmax(1);
  const double expected =
      pred.eq(y.narrow(0, 0, kTrainAccExamples)).to(torch::kDouble).mean().item<double>();
  EXPECT_DOUBLE_EQ(r.curve.back().trainAcc, expected);
  // The flipped labels cost the test accuracy nothing like what they cost agreement with them.
  EXPECT_LT(r.curve.back().trainAcc, 0.85);
  EXPECT_GT(r.curve.back().testAcc, r.curve.back().trainAcc);
}

TEST(TrainerTest, SameSeedSameCurveDifferentSeedDifferentCurve) {
  const auto in = separable(200, 100, 2);
  auto run = [&](uint64_t seed) {
    auto model = freshModel();
    return train(*model, in, config(2, 16, 5), LossSpec(), seed, torch::kCPU).curve;
  };
  const auto a = run(5), b = run(5), c = run(6);
  ASSERT_EQ(a.size(), b.size());
  bool differs = false;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].trainLoss, b[i].trainLoss);
    EXPECT_EQ(a[i].testLoss, b[i].testLoss);
    EXPECT_EQ(a[i].testAcc, b[i].testAcc);
    differs = differs || a[i].trainLoss != c[i].trainLoss;
  }
  EXPECT_TRUE(differs);
}

TEST(TrainerTest, EvaluatesEveryNStepsAndAtTheEndUsingThePartialBatch) {
  const auto in = separable(100, 50, 3);  // 100 / 32 -> 4 steps per epoch, the last one of 4
  auto model = freshModel();
  Recorder rec;
  const auto r = train(*model, in, config(3, 32, 5), LossSpec(), 1, torch::kCPU, &rec);
  EXPECT_EQ(r.steps, 12);
  EXPECT_EQ(rec.steps.size(), 12u);
  EXPECT_EQ(rec.steps.back(), 12);
  EXPECT_EQ(rec.totals.front(), 12);
  EXPECT_EQ(rec.evals, (std::vector<int64_t>{5, 10, 12}));
  ASSERT_EQ(r.curve.size(), 3u);
  EXPECT_DOUBLE_EQ(r.curve[0].epoch, 1.25);
  EXPECT_DOUBLE_EQ(r.curve[2].epoch, 3.0);
  // trainLoss is the mean of the step losses since the previous evaluation.
  double sum = 0;
  for (int i = 5; i < 10; ++i) sum += rec.losses[i];
  EXPECT_NEAR(r.curve[1].trainLoss, sum / 5, 1e-12);
  // Cosine: the last step runs at lr * 0.5 * (1 + cos(pi * 11 / 12)).
  EXPECT_NEAR(r.curve[2].lr, 1e-2 * 0.5 * (1 + std::cos(M_PI * 11 / 12)), 1e-12);
  EXPECT_GT(r.curve[2].seconds, 0.0);
}

TEST(TrainerTest, DropLastSkipsTheSmallerLastBatch) {
  const auto in = separable(100, 50, 3);  // 100 / 32 -> 3 full batches and one of 4
  TrainConfig cfg = config(2, 32, 0);
  cfg.dropLast = true;
  EXPECT_EQ(stepsPerEpoch(cfg, 100), 3);
  auto model = freshModel();
  Recorder rec;
  const auto r = train(*model, in, cfg, LossSpec(), 1, torch::kCPU, &rec);
  EXPECT_EQ(r.steps, 6);
  EXPECT_EQ(rec.totals.front(), 6);
  ASSERT_EQ(r.curve.size(), 1u);
  EXPECT_DOUBLE_EQ(r.curve[0].epoch, 2.0);
  // Fewer examples than one batch: the batch shrinks to them, so an epoch still has one step.
  EXPECT_EQ(stepsPerEpoch(cfg, 20), 1);
  cfg.dropLast = false;
  EXPECT_EQ(stepsPerEpoch(cfg, 100), 4);
}

TEST(TrainerTest, ConstantScheduleAndEvalOnlyAtTheEnd) {
  const auto in = separable(64, 20, 4);
  auto model = freshModel();
  auto cfg = config(1, 16, 0);
  cfg.schedule = "constant";
  const auto r = train(*model, in, cfg, LossSpec(), 1, torch::kCPU);
  ASSERT_EQ(r.curve.size(), 1u);
  EXPECT_EQ(r.curve[0].step, 4);
  EXPECT_EQ(r.curve[0].lr, 1e-2);
  cfg.schedule = "step";
  EXPECT_THROW(train(*model, in, cfg, LossSpec(), 1, torch::kCPU), SpecError);
}

TEST(TrainerTest, CancelThrowsCancelled) {
  const auto in = separable(200, 20, 5);
  auto model = freshModel();
  CancelToken token;
  Recorder rec;
  rec.cancelAt = 3;
  rec.token = &token;
  EXPECT_THROW(train(*model, in, config(2, 16, 5), LossSpec(), 1, torch::kCPU, &rec, &token),
               Cancelled);
  EXPECT_EQ(rec.steps.size(), 3u);
  token.request();
  EXPECT_THROW(train(*model, in, config(1, 16, 5), LossSpec(), 1, torch::kCPU, nullptr, &token),
               Cancelled);
}

TEST(TrainerTest, AgreementWithSupervisor) {
  auto in = separable(200, 100, 6);
  auto model = freshModel();
  in.supervisorTestPred = in.testY.clone();  // always right
  auto r = train(*model, in, config(1, 32, 0), LossSpec(), 1, torch::kCPU);
  EXPECT_DOUBLE_EQ(r.curve.back().agreeAll, r.curve.back().testAcc);
  EXPECT_DOUBLE_EQ(r.curve.back().agreeRight, r.curve.back().testAcc);
  EXPECT_TRUE(std::isnan(r.curve.back().agreeWrong));
  in.supervisorTestPred = 1 - in.testY;  // always wrong
  model = freshModel();
  r = train(*model, in, config(1, 32, 0), LossSpec(), 1, torch::kCPU);
  EXPECT_NEAR(r.curve.back().agreeAll, 1.0 - r.curve.back().testAcc, 1e-12);
  EXPECT_NEAR(r.curve.back().agreeWrong, 1.0 - r.curve.back().testAcc, 1e-12);
  EXPECT_TRUE(std::isnan(r.curve.back().agreeRight));
}

TEST(TrainerTest, HardLabelsTrainOnTheArgmax) {
  auto in = separable(64, 20, 7);
  // Soft labels that keep the argmax of the truth.
  in.targets = in.targets * 0.4 + 0.3;
  auto cfg = config(1, 64, 0);  // one full batch: the step-1 loss is over all examples
  cfg.lr = 0.0;
  LossSpec hard;
  hard.hardLabels = true;
  auto model = freshModel();
  Recorder rec;
  train(*model, in, cfg, hard, 1, torch::kCPU, &rec);
  torch::NoGradGuard guard;
  const auto logits = model->forward(in.x);
  const auto oneHot = torch::one_hot(in.targets.argmax(1), 2).to(torch::kFloat);
  EXPECT_NEAR(rec.losses[0], softCrossEntropy(logits, oneHot).item<double>(), 1e-5);
  EXPECT_GT(std::abs(rec.losses[0] - softCrossEntropy(logits, in.targets).item<double>()), 1e-3);
}

TEST(TrainerTest, PredictProbsKeepsTrainingMode) {
  auto model = freshModel();
  model->train();
  const auto probs = predictProbs(*model, torch::randn({5000, 6}), torch::kCPU, 1024);
  EXPECT_EQ(probs.sizes(), (std::vector<int64_t>{5000, 2}));
  EXPECT_TRUE(torch::allclose(probs.sum(1), torch::ones({5000})));
  EXPECT_TRUE(model->is_training());
}

TEST(TrainerTest, ChooseDevice) {
  EXPECT_EQ(chooseDevice("cpu"), torch::Device(torch::kCPU));
  EXPECT_THROW(chooseDevice("tpu"), SpecError);
  if (torch::cuda::is_available()) {
    EXPECT_EQ(chooseDevice("auto"), torch::Device(torch::kCUDA));
  } else {
    EXPECT_EQ(chooseDevice("auto"), torch::Device(torch::kCPU));
    EXPECT_THROW(chooseDevice("cuda"), SpecError);
  }
}

}  // namespace
}  // namespace w2s
