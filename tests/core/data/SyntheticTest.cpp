#include <gtest/gtest.h>

#include "core/data/Synthetic.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

SyntheticSpec small(double nonlinearity, uint64_t seed = 1) {
  SyntheticSpec s;
  s.dim = 16;
  s.classes = 2;
  s.nTrain = 2000;
  s.nTest = 1000;
  s.teacherWidth = 32;
  s.nonlinearity = nonlinearity;
  s.seed = seed;
  return s;
}

/// Test accuracy of multinomial logistic regression (full-batch Adam) trained on the train set.
double logisticRegressionAccuracy(const SyntheticData& d, int classes) {
  torch::manual_seed(0);
  torch::nn::Linear model(d.trainX.size(1), classes);
  torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(0.1));
  for (int step = 0; step < 150; ++step) {
    opt.zero_grad();
    torch::nn::functional::cross_entropy(model(d.trainX), d.trainY).backward();
    opt.step();
  }
  torch::NoGradGuard noGrad;
  return model(d.testX).argmax(1).eq(d.testY).to(torch::kDouble).mean().item<double>();
}

TEST(SyntheticTest, SameSpecSameNumbersOtherSeedOtherNumbers) {
  const SyntheticData a = generateSynthetic(small(0.5));
  const SyntheticData b = generateSynthetic(small(0.5));
  EXPECT_TRUE(torch::equal(a.trainX, b.trainX));
  EXPECT_TRUE(torch::equal(a.trainY, b.trainY));
  EXPECT_TRUE(torch::equal(a.testY, b.testY));
  const SyntheticData c = generateSynthetic(small(0.5, 2));
  EXPECT_FALSE(torch::equal(a.trainX, c.trainX));
  EXPECT_EQ(a.trainX.sizes(), (std::vector<int64_t>{2000, 16}));
  EXPECT_EQ(a.trainX.scalar_type(), torch::kFloat);
  EXPECT_EQ(a.testY.sizes(), (std::vector<int64_t>{1000}));
}

TEST(SyntheticTest, MoreExamplesExtendTheSameData) {
  SyntheticSpec big = small(0.5);
  big.nTrain = 3000;
  const SyntheticData a = generateSynthetic(small(0.5));
  const SyntheticData b = generateSynthetic(big);
  EXPECT_TRUE(torch::equal(b.trainX.slice(0, 0, 2000), a.trainX));
  EXPECT_TRUE(torch::equal(b.trainY.slice(0, 0, 2000), a.trainY));
  EXPECT_TRUE(torch::equal(b.testY, a.testY));
}

TEST(SyntheticTest, InputsAreStandardGaussian) {
  const SyntheticData d = generateSynthetic(small(0.5));
  EXPECT_NEAR(d.trainX.mean().item<double>(), 0.0, 0.02);
  EXPECT_NEAR(d.trainX.std().item<double>(), 1.0, 0.02);
}

TEST(SyntheticTest, ClassesAreNotDegenerate) {
  for (double nl : {0.0, 0.5, 1.0}) {
    SyntheticSpec s = small(nl);
    s.classes = 4;
    const torch::Tensor counts = torch::bincount(generateSynthetic(s).trainY, {}, 4);
    for (int c = 0; c < 4; ++c) {
      EXPECT_GT(counts[c].item<int64_t>(), 2000 / 4 / 3) << "nonlinearity " << nl << " class " << c;
    }
  }
}

TEST(SyntheticTest, NonlinearityIsTheShareALinearModelCannotCapture) {
  const double linear = logisticRegressionAccuracy(generateSynthetic(small(0.0)), 2);
  const double mixed = logisticRegressionAccuracy(generateSynthetic(small(0.5)), 2);
  const double nonlinear = logisticRegressionAccuracy(generateSynthetic(small(1.0)), 2);
  EXPECT_GT(linear, 0.93);
  EXPECT_LT(mixed, linear - 0.05);
  EXPECT_LT(nonlinear, 0.7);
}

TEST(SyntheticTest, LabelNoiseFlipsTheExpectedFraction) {
  SyntheticSpec noisy = small(0.5);
  noisy.labelNoise = 0.4;
  const SyntheticData clean = generateSynthetic(small(0.5));
  const SyntheticData d = generateSynthetic(noisy);
  EXPECT_TRUE(torch::equal(clean.trainX, d.trainX));
  // A replaced label is a uniformly random class: it differs with probability 1/2 for 2 classes.
  const double changed = clean.trainY.ne(d.trainY).to(torch::kDouble).mean().item<double>();
  EXPECT_NEAR(changed, 0.2, 0.04);
}

TEST(SyntheticTest, BadKnobsNameTheField) {
  SyntheticSpec s = small(0.5);
  s.classes = 1;
  try {
    generateSynthetic(s);
    FAIL() << "expected a SpecError";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("task.synthetic.classes"), std::string::npos) << e.what();
  }
  s = small(1.5);
  EXPECT_THROW(generateSynthetic(s), SpecError);
}

}  // namespace
}  // namespace w2s
