#include <gtest/gtest.h>

#include <cmath>

#include "core/train/Losses.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

// -sum_c t_c log softmax(l)_c, averaged over rows, in doubles from plain arrays.
double handCe(const std::vector<std::vector<double>>& logits,
              const std::vector<std::vector<double>>& target) {
  double total = 0.0;
  for (size_t i = 0; i < logits.size(); ++i) {
    double z = 0.0;
    for (double l : logits[i]) z += std::exp(l);
    for (size_t c = 0; c < logits[i].size(); ++c) {
      total -= target[i][c] * (logits[i][c] - std::log(z));
    }
  }
  return total / static_cast<double>(logits.size());
}

torch::Tensor tensorOf(const std::vector<std::vector<double>>& rows) {
  std::vector<torch::Tensor> r;
  for (const auto& row : rows) r.push_back(torch::tensor(row, torch::kFloat));
  return torch::stack(r);
}

double value(const torch::Tensor& t) { return t.item<double>(); }

TEST(LossesTest, SoftCrossEntropyMatchesHandValues) {
  // Row 0: softmax [1/4, 3/4] vs [0.5, 0.5]; row 1: softmax [2/3, 1/3] vs [1, 0].
  const auto logits = tensorOf({{0.0, std::log(3.0)}, {std::log(2.0), 0.0}});
  const auto target = tensorOf({{0.5, 0.5}, {1.0, 0.0}});
  const double expected =
      (0.5 * (std::log(4.0) + std::log(4.0 / 3.0)) + -std::log(2.0 / 3.0)) / 2.0;
  EXPECT_NEAR(value(softCrossEntropy(logits, target)), expected, 1e-6);
}

TEST(LossesTest, LogconfAlphaRampsLinearlyThenHolds) {
  EXPECT_DOUBLE_EQ(logconfAlpha(0.0, 0.5, 0.2), 0.0);
  EXPECT_DOUBLE_EQ(logconfAlpha(0.05, 0.5, 0.2), 0.125);
  EXPECT_DOUBLE_EQ(logconfAlpha(0.1, 0.5, 0.2), 0.25);
  EXPECT_DOUBLE_EQ(logconfAlpha(0.2, 0.5, 0.2), 0.5);
  EXPECT_DOUBLE_EQ(logconfAlpha(0.9, 0.75, 0.2), 0.75);
  EXPECT_DOUBLE_EQ(logconfAlpha(0.0, 0.5, 0.0), 0.5);
}

TEST(LossesTest, HardenBinaryMatchesPriorCount) {
  auto gen = at::detail::createCPUGenerator(7);
  const auto probs = torch::softmax(torch::randn({10, 2}, gen), 1);
  const auto p0 = probs.select(1, 0);
  for (double q : {0.0, 0.04, 0.25, 0.3, 0.5, 0.73, 1.0}) {
    const auto hard = hardenBinary(probs, q);
    ASSERT_EQ(hard.sizes(), probs.sizes());
    EXPECT_TRUE(torch::allclose(hard.sum(1), torch::ones({10})));
    const auto isOne = hard.select(1, 1).to(torch::kBool);
    EXPECT_EQ(isOne.sum().item<int64_t>(), std::llround(q * 10)) << "q=" << q;
    // Class 1 goes to the examples least likely to be class 0.
    if (isOne.any().item<bool>() && (~isOne).any().item<bool>()) {
      EXPECT_LT(p0.masked_select(isOne).max().item<float>(),
                p0.masked_select(~isOne).min().item<float>());
    }
  }
}

TEST(LossesTest, HardenBinaryUsesThePoolForTheThreshold) {
  // Pool p0 values 0.05..0.95; prior 0.5 puts the threshold at the 6th smallest (0.55).
  std::vector<std::vector<double>> poolRows;
  for (int i = 0; i < 10; ++i) poolRows.push_back({0.05 + 0.1 * i, 0.95 - 0.1 * i});
  const auto pool = tensorOf(poolRows);
  const auto batch = tensorOf({{0.5, 0.5}, {0.6, 0.4}, {0.9, 0.1}});
  const auto hard = hardenBinary(batch, 0.5, pool);
  EXPECT_EQ(hard.select(1, 1)[0].item<float>(), 1.0f);
  EXPECT_EQ(hard.select(1, 1)[1].item<float>(), 0.0f);
  EXPECT_EQ(hard.select(1, 1)[2].item<float>(), 0.0f);
}

TEST(LossesTest, HardenToPriorFollowsASkewedPriorWhereArgmaxCollapses) {
  auto gen = at::detail::createCPUGenerator(3);
  // Class 0 wins every row's argmax, by varying margins.
  auto logits = torch::rand({600, 3}, gen).mul_(2.0);
  logits.select(1, 0).add_(2.0);
  const auto probs = torch::softmax(logits, 1);
  ASSERT_EQ(probs.argmax(1).eq(0).sum().item<int64_t>(), 600);
  const auto prior = torch::tensor({0.2, 0.3, 0.5}, torch::kFloat);
  const auto hard = hardenToPrior(probs, prior);
  ASSERT_EQ(hard.sizes(), probs.sizes());
  EXPECT_TRUE(torch::allclose(hard.sum(1), torch::ones({600})));
  const auto counts = hard.sum(0);
  for (int c = 0; c < 3; ++c) {
    EXPECT_EQ(counts[c].item<float>(), std::round(600 * prior[c].item<float>())) << "class " << c;
  }
  // Rows are assigned by relative evidence: class 2's rows are more class-2-ish than the rest.
  const auto isTwo = hard.select(1, 2).to(torch::kBool);
  EXPECT_GT(probs.select(1, 2).masked_select(isTwo).mean().item<float>(),
            probs.select(1, 2).masked_select(~isTwo).mean().item<float>());
}

TEST(LossesTest, HardenToPriorRoundsCountsToN) {
  auto gen = at::detail::createCPUGenerator(4);
  const auto probs = torch::softmax(torch::randn({7, 3}, gen), 1);
  const auto hard = hardenToPrior(probs, torch::tensor({1.0, 1.0, 1.0}));  // unnormalised
  EXPECT_EQ(hard.sum().item<float>(), 7.0f);
  EXPECT_LE((hard.sum(0).max() - hard.sum(0).min()).item<float>(), 1.0f);
  // A confident, prior-consistent batch keeps its argmax.
  const auto eye = torch::eye(3) * 0.9 + 0.1 / 3;
  EXPECT_TRUE(torch::equal(hardenToPrior(eye, torch::ones({3}) / 3).argmax(1), torch::arange(3)));
}

TEST(LossesTest, LogconfLossMatchesHandComputation) {
  const std::vector<std::vector<double>> l = {{2, 0}, {0, 1}, {1, 0}, {0, 3}};
  const std::vector<std::vector<double>> y = {{0.9, 0.1}, {0.6, 0.4}, {0.3, 0.7}, {0.2, 0.8}};
  // Prior of class 1 = 0.5 -> the two rows with the lowest p0 (rows 1 and 3) harden to class 1.
  const std::vector<std::vector<double>> hard = {{1, 0}, {0, 1}, {1, 0}, {0, 1}};
  LossSpec spec;
  spec.name = "logconf";
  spec.options["aux_coef"] = 0.5;
  spec.options["warmup_frac"] = 0.2;
  auto loss = makeLoss(spec);
  for (double progress : {0.0, 0.1, 0.6}) {
    const double a = logconfAlpha(progress, 0.5, 0.2);
    std::vector<std::vector<double>> t = y;
    for (size_t i = 0; i < t.size(); ++i) {
      for (size_t c = 0; c < 2; ++c) t[i][c] = (1 - a) * y[i][c] + a * hard[i][c];
    }
    EXPECT_NEAR(value((*loss)(tensorOf(l), tensorOf(y), progress)), handCe(l, t), 1e-5)
        << "progress " << progress;
  }
}

TEST(LossesTest, LogconfBufferSetsTheThresholdOverRecentPredictions) {
  LossSpec spec;
  spec.name = "logconf";
  spec.options["aux_coef"] = 1.0;
  spec.options["warmup_frac"] = 0.0;
  const std::vector<std::vector<double>> y = {{0.5, 0.5}, {0.5, 0.5}};
  const std::vector<std::vector<double>> low = {{-3, 0}, {-2, 0}};  // p0 small
  const std::vector<std::vector<double>> high = {{2, 0}, {3, 0}};   // p0 large
  spec.options["buffer_predictions"] = 0;
  auto perBatch = makeLoss(spec);
  (*perBatch)(tensorOf(low), tensorOf(y), 0.5);
  // Per batch: one of the two rows is class 1 (the one with the lower p0).
  EXPECT_NEAR(value((*perBatch)(tensorOf(high), tensorOf(y), 0.5)), handCe(high, {{0, 1}, {1, 0}}),
              1e-5);
  spec.options["buffer_predictions"] = 4;
  auto buffered = makeLoss(spec);
  (*buffered)(tensorOf(low), tensorOf(y), 0.5);
  // Over the buffer the low batch already fills the class-1 half: both rows harden to class 0.
  EXPECT_NEAR(value((*buffered)(tensorOf(high), tensorOf(y), 0.5)), handCe(high, {{1, 0}, {1, 0}}),
              1e-5);
  // Three predictions: the newest low row (p0 0.12) and the two high rows (p0 0.88, 0.95); the
  // class-1 half of three is two rows, so the high row with the lower p0 is class 1 again.
  spec.options["buffer_predictions"] = 3;
  auto rowWise = makeLoss(spec);
  (*rowWise)(tensorOf(low), tensorOf(y), 0.5);
  EXPECT_NEAR(value((*rowWise)(tensorOf(high), tensorOf(y), 0.5)), handCe(high, {{0, 1}, {1, 0}}),
              1e-5);
}

TEST(LossesTest, LogconfMulticlassDoesNotCollapse) {
  LossSpec spec;
  spec.name = "logconf";
  spec.options["aux_coef"] = 1.0;  // the target is the hardened prediction alone
  spec.options["warmup_frac"] = 0.0;
  auto loss = makeLoss(spec);
  auto gen = at::detail::createCPUGenerator(9);
  auto raw = torch::rand({30, 3}, gen);
  raw.select(1, 0).add_(1.0);  // class 0 wins every argmax
  auto logits = raw.clone().requires_grad_();
  const auto weak = torch::one_hot(torch::arange(30) % 3, 3).to(torch::kFloat);  // prior 1/3 each
  (*loss)(logits, weak, 0.5).backward();
  // d CE / d logits = (softmax - target) / N recovers the hardened target.
  const auto target = torch::softmax(raw, 1) - logits.grad() * 30;
  const auto counts = target.sum(0);
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(counts[c].item<float>(), 10.0f, 1e-3) << "class " << c;
}

TEST(LossesTest, ProductLossTargetsNormalizedProduct) {
  const std::vector<std::vector<double>> l = {{1, 0, -1}, {0, 0.5, 2}};
  const std::vector<std::vector<double>> y = {{0.2, 0.5, 0.3}, {0.0, 0.4, 0.6}};
  LossSpec spec;
  spec.name = "product";
  spec.options["alpha"] = 1.0;
  spec.options["beta"] = 2.0;
  std::vector<std::vector<double>> t = y;
  for (size_t i = 0; i < l.size(); ++i) {
    double z = 0.0, norm = 0.0;
    for (double v : l[i]) z += std::exp(v);
    for (size_t c = 0; c < 3; ++c) {
      t[i][c] = std::pow(std::exp(l[i][c]) / z, spec.option("beta")) *
                std::pow(y[i][c], spec.option("alpha"));
      norm += t[i][c];
    }
    for (auto& v : t[i]) v /= norm;
  }
  auto loss = makeLoss(spec);
  EXPECT_NEAR(value((*loss)(tensorOf(l), tensorOf(y), 0.3)), handCe(l, t), 1e-5);
  // The target is detached: the gradient is that of CE to a constant target.
  auto logits = tensorOf(l).requires_grad_();
  (*loss)(logits, tensorOf(y), 0.3).backward();
  const auto expectedGrad = (torch::softmax(tensorOf(l), 1) - tensorOf(t)) / 2.0;
  EXPECT_TRUE(torch::allclose(logits.grad(), expectedGrad, 1e-5, 1e-6));
}

TEST(LossesTest, MakeLossRejectsUnknownNames) {
  LossSpec spec;
  spec.name = "hinge";
  EXPECT_THROW(makeLoss(spec), SpecError);
  spec.name = "xent";
  EXPECT_NO_THROW(makeLoss(spec));
}

}  // namespace
}  // namespace w2s
