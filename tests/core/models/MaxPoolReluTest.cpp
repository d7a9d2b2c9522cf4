#include <gtest/gtest.h>

#include <limits>

#include "core/models/MaxPoolRelu.h"

namespace w2s {
namespace {

// The unfused definition: ReLU, then max_pool2d with kernel 2 (what the CNN computed before).
torch::Tensor reference(const torch::Tensor& x) { return torch::max_pool2d(x.relu(), 2); }

// Values and input gradients of both, for one input and one upstream gradient.
void expectIdentical(const torch::Tensor& input, const torch::Tensor& upstream) {
  const torch::Tensor a = input.clone().requires_grad_();
  const torch::Tensor b = input.clone().requires_grad_();
  const torch::Tensor fused = maxPool2x2Relu(a);
  const torch::Tensor plain = reference(b);
  ASSERT_EQ(fused.sizes(), plain.sizes());
  EXPECT_TRUE(torch::equal(fused, plain));
  (fused * upstream).sum().backward();
  (plain * upstream).sum().backward();
  EXPECT_TRUE(torch::equal(a.grad(), b.grad()));
}

TEST(MaxPoolReluTest, BitIdenticalToReluThenMaxPoolOnRandomInput) {
  auto gen = at::detail::createCPUGenerator(4);
  for (const auto& shape : std::vector<std::vector<int64_t>>{{3, 2, 8, 8}, {2, 5, 7, 9}}) {
    const torch::Tensor x = torch::randn(shape, gen);
    std::vector<int64_t> out = shape;
    out[2] /= 2;
    out[3] /= 2;
    expectIdentical(x, torch::randn(out, gen));
  }
}

TEST(MaxPoolReluTest, TiesZerosAndNegativeWindowsRouteTheGradientLikeMaxPool) {
  // Rounded values give many ties; an all-negative window, exact zeros and a window of equal
  // positive values are where a different rule would send the gradient elsewhere.
  auto gen = at::detail::createCPUGenerator(5);
  torch::Tensor x = torch::round(torch::randn({4, 3, 6, 6}, gen) * 2) / 2;
  x.index_put_({0, 0}, -1.0);
  x.index_put_({0, 1}, 0.0);
  x.index_put_({0, 2}, 0.5);
  expectIdentical(x, torch::randn({4, 3, 3, 3}, gen));
}

TEST(MaxPoolReluTest, NanPropagatesAndOtherDevicesOrTypesUseThePlainPath) {
  torch::Tensor x = torch::ones({1, 1, 2, 2});
  x[0][0][1][0] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(std::isnan(maxPool2x2Relu(x).item<float>()));
  const torch::Tensor d = torch::randn({2, 2, 4, 4}, torch::kDouble);
  EXPECT_TRUE(torch::equal(maxPool2x2Relu(d), reference(d)));
}

TEST(MaxPoolReluTest, WorksWithoutAGraph) {
  torch::NoGradGuard noGrad;
  const torch::Tensor x = torch::randn({2, 3, 4, 4});
  EXPECT_TRUE(torch::equal(maxPool2x2Relu(x), reference(x)));
}

}  // namespace
}  // namespace w2s
