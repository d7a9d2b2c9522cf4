// window (EleutherAI/w2s's definition): CE on the rows the *student* is unsure about, summed and
// divided by the whole batch (core/train/WindowLoss.cpp), built through the loss registry.
#include <gtest/gtest.h>

#include <cmath>

#include "core/train/LossRegistry.h"
#include "tests/core/train/TensorRows.h"

namespace w2s {
namespace {

using test::rows;

double ce(const std::vector<double>& y, const std::vector<double>& p) {
  return -(y[0] * std::log(p[0]) + y[1] * std::log(p[1]));
}

// Student probabilities: [1/4, 3/4] (sure at r = 0.15: 0.75 >= 0.65), [1/2, 1/2] (unsure),
// [2/3, 1/3] (sure), [3/5, 2/5] (unsure).
const std::vector<std::vector<double>> kLogits = {
    {0.0, std::log(3.0)}, {0.0, 0.0}, {std::log(2.0), 0.0}, {std::log(1.5), 0.0}};
// Labels: confident on rows 1 and 2, unsure on rows 0 and 3.
const std::vector<std::vector<double>> kLabels = {
    {0.45, 0.55}, {0.95, 0.05}, {0.1, 0.9}, {0.4, 0.6}};

TEST(WindowLossTest, KeepsTheRowsTheStudentIsUnsureAboutAndDividesByTheWholeBatch) {
  auto loss = makeLoss(LossSpec::named("window"));  // radius 0.15
  auto logits = rows(kLogits).requires_grad_(true);
  const auto v = (*loss)(logits, rows(kLabels), 0.5);
  const double expected = (ce(kLabels[1], {0.5, 0.5}) + ce(kLabels[3], {0.6, 0.4})) / 4;
  EXPECT_NEAR(v.item<double>(), expected, 1e-6);
  v.backward();
  // d/dz of CE / 4 = (p - y) / 4 on kept rows, 0 on the others (the mask is not differentiated).
  const auto g = logits.grad();
  EXPECT_NEAR(g[1][0].item<double>(), (0.5 - 0.95) / 4, 1e-6);
  EXPECT_NEAR(g[3][0].item<double>(), (0.6 - 0.4) / 4, 1e-6);
  EXPECT_EQ(g[0].abs().sum().item<double>(), 0.0);
  EXPECT_EQ(g[2].abs().sum().item<double>(), 0.0);
}

TEST(WindowLossTest, DiffersFromTheLabelWindowAndFadesWhenTheStudentIsSure) {
  // window_labels keeps the rows whose *labels* are unsure (0 and 3) and averages over them.
  LossSpec labels = LossSpec::named("window_labels");
  labels.options["radius"] = 0.15;
  const double byLabels = (*makeLoss(labels))(rows(kLogits), rows(kLabels), 0.5).item<double>();
  EXPECT_NEAR(byLabels, (ce(kLabels[0], {0.25, 0.75}) + ce(kLabels[3], {0.6, 0.4})) / 2, 1e-6);

  // A wider radius keeps every row: plain cross-entropy.
  LossSpec wide = LossSpec::named("window");
  wide.options["radius"] = 0.5;
  double all = 0;
  const std::vector<std::vector<double>> p = {
      {0.25, 0.75}, {0.5, 0.5}, {2.0 / 3, 1.0 / 3}, {0.6, 0.4}};
  for (size_t i = 0; i < 4; ++i) all += ce(kLabels[i], p[i]) / 4;
  EXPECT_NEAR((*makeLoss(wide))(rows(kLogits), rows(kLabels), 0.5).item<double>(), all, 1e-6);

  // A student sure of every row gets 0 and a zero gradient, not NaN.
  auto sure = rows({{5.0, -5.0}, {-4.0, 4.0}}).requires_grad_(true);
  const auto v = (*makeLoss(LossSpec::named("window")))(sure, rows({{0.5, 0.5}, {0.5, 0.5}}), 0.1);
  EXPECT_EQ(v.item<double>(), 0.0);
  v.backward();
  EXPECT_EQ(sure.grad().abs().sum().item<double>(), 0.0);
}

}  // namespace
}  // namespace w2s
