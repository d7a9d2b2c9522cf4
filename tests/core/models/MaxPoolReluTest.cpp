#include <gtest/gtest.h>

#include <limits>

#include "core/models/MaxPoolRelu.h"
#include "core/models/Simd.h"

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
  // Exactly equal, a NaN matching a NaN.
  EXPECT_TRUE(torch::allclose(fused, plain, /*rtol=*/0, /*atol=*/0, /*equal_nan=*/true));
  (fused * upstream).sum().backward();
  (plain * upstream).sum().backward();
  EXPECT_TRUE(torch::equal(a.grad(), b.grad()));
}

TEST(MaxPoolReluTest, BitIdenticalToReluThenMaxPoolOnRandomInput) {
  auto gen = at::detail::createCPUGenerator(4);
  // Rows of fewer than eight windows go one window at a time; longer rows eight at a time, the
  // last eight overlapping where the count is no multiple of eight (14 and 9 windows here).
  for (const auto& shape : std::vector<std::vector<int64_t>>{
           {3, 2, 8, 8}, {2, 5, 7, 9}, {2, 3, 28, 28}, {2, 2, 17, 16}, {1, 2, 5, 19}}) {
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
  for (const int64_t width : {6, 20}) {
    torch::Tensor x = torch::round(torch::randn({4, 3, 6, width}, gen) * 2) / 2;
    x.index_put_({0, 0}, -1.0);
    x.index_put_({0, 1}, 0.0);
    x.index_put_({0, 2}, 0.5);
    expectIdentical(x, torch::randn({4, 3, 3, width / 2}, gen));
  }
}

TEST(MaxPoolReluTest, PortableBuildIsBitIdenticalToo) {
  auto gen = at::detail::createCPUGenerator(6);
  simd::forcePortable(true);
  const torch::Tensor x = torch::round(torch::randn({3, 2, 12, 28}, gen) * 2) / 2;
  expectIdentical(x, torch::randn({3, 2, 6, 14}, gen));
  simd::forcePortable(false);
}

TEST(MaxPoolReluTest, NanPropagatesAndOtherDevicesOrTypesUseThePlainPath) {
  torch::Tensor x = torch::ones({1, 1, 2, 2});
  x[0][0][1][0] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(std::isnan(maxPool2x2Relu(x).item<float>()));
  // A NaN in a plane with rows of eight windows and more: that plane takes the scan, others not.
  torch::Tensor wide = torch::randn({1, 2, 4, 20});
  wide[0][1][2][7] = std::numeric_limits<float>::quiet_NaN();
  expectIdentical(wide, torch::randn({1, 2, 2, 10}));
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
