#include <gtest/gtest.h>

#include "core/train/FusedAdam.h"

namespace w2s {
namespace {

// Runs `steps` updates with the same gradients through both optimisers; returns the max abs
// difference of the parameters afterwards.
double maxDifference(const torch::optim::AdamOptions& options, int steps) {
  auto gen = at::detail::createCPUGenerator(5);
  std::vector<torch::Tensor> a, b;
  for (int64_t n : {7, 64, 70001}) {  // tails of the 4-wide loop, and a multi-chunk tensor
    auto t = torch::randn({n}, gen);
    a.push_back(t.clone().requires_grad_());
    b.push_back(t.clone().requires_grad_());
  }
  torch::optim::Adam reference(a, options);
  FusedAdam fused(b, options);
  for (int s = 0; s < steps; ++s) {
    for (size_t i = 0; i < a.size(); ++i) {
      const auto g = torch::randn(a[i].sizes(), gen) * (s + 1);
      a[i].mutable_grad() = g.clone();
      b[i].mutable_grad() = g.clone();
    }
    // The lr changes between steps, as the cosine schedule does.
    for (auto* opt : std::vector<torch::optim::Optimizer*>{&reference, &fused}) {
      for (auto& group : opt->param_groups()) {
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(options.lr() / (s + 1));
      }
    }
    reference.step();
    fused.step();
  }
  double diff = 0.0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff = std::max(diff, (a[i] - b[i]).abs().max().item<double>());
  }
  return diff;
}

TEST(FusedAdamTest, MatchesTorchAdam) {
  EXPECT_LT(maxDifference(torch::optim::AdamOptions(1e-2), 6), 1e-6);
}

TEST(FusedAdamTest, MatchesTorchAdamWithWeightDecay) {
  EXPECT_LT(maxDifference(torch::optim::AdamOptions(1e-2).weight_decay(0.1), 6), 1e-6);
}

TEST(FusedAdamTest, FallsBackForAmsgrad) {
  EXPECT_LT(maxDifference(torch::optim::AdamOptions(1e-2).amsgrad(true), 4), 1e-7);
}

TEST(FusedAdamTest, SkipsReleasedGradients) {
  auto p = torch::ones({3}, torch::requires_grad());
  FusedAdam opt({p}, torch::optim::AdamOptions(0.1));
  p.mutable_grad() = torch::ones({3});
  opt.step();
  EXPECT_LT(p[0].item<float>(), 1.0f);
  const auto after = p.detach().clone();
  opt.releaseGrads();
  EXPECT_FALSE(p.grad().defined());
  opt.step();
  EXPECT_TRUE(torch::equal(p.detach(), after));
}

}  // namespace
}  // namespace w2s
