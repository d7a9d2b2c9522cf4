#include <gtest/gtest.h>

#include <cmath>

#include "core/train/ExtraLosses.h"
#include "tests/core/train/TensorRows.h"

namespace w2s {
namespace {

using test::rows;

// Row 0: softmax [1/4, 3/4]; row 1: softmax [2/3, 1/3].
const std::vector<std::vector<double>> kLogits = {{0.0, std::log(3.0)}, {std::log(2.0), 0.0}};
const std::vector<std::vector<double>> kTarget = {{0.5, 0.5}, {1.0, 0.0}};

TEST(ExtraLossesTest, KlMatchesHandValueAndVanishesAtTheLabels) {
  const double row0 = 0.5 * std::log(0.5 / 0.25) + 0.5 * std::log(0.5 / 0.75);
  const double row1 = std::log(1.0 / (2.0 / 3.0));  // the zero label contributes 0, not NaN
  EXPECT_NEAR(klToSoftLabels(rows(kLogits), rows(kTarget)).item<double>(), (row0 + row1) / 2, 1e-6);
  const auto logits = rows({{0.3, -1.2, 0.4}});
  EXPECT_NEAR(klToSoftLabels(logits, torch::softmax(logits, 1)).item<double>(), 0.0, 1e-6);
}

TEST(ExtraLossesTest, EntropyVariantMatchesHandValueAndGradient) {
  const double alpha = 0.25;
  const double ce0 = -0.5 * (std::log(0.25) + std::log(0.75));
  const double ce1 = -std::log(2.0 / 3.0);
  const double h0 = -(0.25 * std::log(0.25) + 0.75 * std::log(0.75));
  const double h1 = -(2.0 / 3 * std::log(2.0 / 3) + 1.0 / 3 * std::log(1.0 / 3));
  const double expected = (1 - alpha) * (ce0 + ce1) / 2 + alpha * (h0 + h1) / 2;
  EXPECT_NEAR(entropyConfidenceLoss(rows(kLogits), rows(kTarget), alpha).item<double>(), expected,
              1e-6);

  // One row: d/dz_k = (1 - a)(p_k - y_k) + a * (-p_k (log p_k + H)). With p detached in the
  // target the second term would be 0; this checks it is not.
  auto z = rows({{0.0, std::log(3.0)}}).requires_grad_(true);
  entropyConfidenceLoss(z, rows({{0.5, 0.5}}), alpha).backward();
  const double p[2] = {0.25, 0.75};
  const double y[2] = {0.5, 0.5};
  for (int k = 0; k < 2; ++k) {
    const double g = (1 - alpha) * (p[k] - y[k]) + alpha * (-p[k] * (std::log(p[k]) + h0));
    EXPECT_NEAR(z.grad()[0][k].item<double>(), g, 1e-6) << k;
  }
}

TEST(ExtraLossesTest, WindowLabelsKeepsOnlyUnsureLabels) {
  const auto target = rows({{0.55, 0.45}, {0.9, 0.1}, {0.3, 0.7}, {0.35, 0.65}});
  const auto mask = labelWindowMask(target, 0.2);  // keep max < 0.7
  EXPECT_TRUE(mask[0].item<bool>());
  EXPECT_FALSE(mask[1].item<bool>());
  EXPECT_FALSE(mask[2].item<bool>());
  EXPECT_TRUE(mask[3].item<bool>());

  const auto logits = rows({{0.0, std::log(3.0)}, {5.0, -5.0}, {1.0, 1.0}, {std::log(2.0), 0.0}});
  // Rows 0 and 3 only: CE([0.55,0.45], [1/4,3/4]) and CE([0.35,0.65], [2/3,1/3]).
  const double ce0 = -(0.55 * std::log(0.25) + 0.45 * std::log(0.75));
  const double ce3 = -(0.35 * std::log(2.0 / 3) + 0.65 * std::log(1.0 / 3));
  EXPECT_NEAR(labelWindowLoss(logits, target, 0.2).item<double>(), (ce0 + ce3) / 2, 1e-6);

  // No unsure row: the loss is 0 and backward gives zero gradients instead of failing.
  auto z = rows({{1.0, 2.0}}).requires_grad_(true);
  auto v = labelWindowLoss(z, rows({{0.95, 0.05}}), 0.2);
  EXPECT_EQ(v.item<double>(), 0.0);
  v.backward();
  EXPECT_EQ(z.grad().abs().sum().item<double>(), 0.0);
}

TEST(ExtraLossesTest, MakeLossKnowsTheNewNames) {
  for (const char* name : {"kl", "entropy", "window", "window_labels"}) {
    LossSpec spec;
    spec.name = name;
    auto loss = makeLoss(spec);
    ASSERT_TRUE(loss) << name;
    const auto v = (*loss)(rows(kLogits), rows({{0.6, 0.4}, {0.45, 0.55}}), 0.5);
    EXPECT_TRUE(std::isfinite(v.item<double>())) << name;
  }
}

}  // namespace
}  // namespace w2s
