#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <vector>

#include "core/models/Conv3x3.h"
#include "core/models/Simd.h"

namespace w2s {
namespace {

struct Result {
  torch::Tensor out, gradInput, gradWeight, gradBias;
};

// Output and the three gradients of sum(out * upstream), through conv3x3 or the plain conv2d
// computed in double precision (the reference both float paths are held to).
Result run(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b,
           const torch::Tensor& upstream, bool reference) {
  const auto type = reference ? torch::kDouble : torch::kFloat;
  torch::Tensor xi = x.to(type).detach().requires_grad_();
  torch::Tensor wi = w.to(type).detach().requires_grad_();
  torch::Tensor bi = b.to(type).detach().requires_grad_();
  torch::Tensor out = reference ? torch::conv2d(xi, wi, bi, 1, 1) : conv3x3(xi, wi, bi);
  (out * upstream.to(type)).sum().backward();
  return {out.detach(), xi.grad(), wi.grad(), bi.grad()};
}

// Largest difference relative to the largest magnitude of the reference.
double relativeError(const torch::Tensor& got, const torch::Tensor& want) {
  const double scale = want.abs().max().item<double>();
  return (got.to(torch::kDouble) - want).abs().max().item<double>() / (scale > 0 ? scale : 1.0);
}

void expectClose(const std::vector<int64_t>& shape, int64_t cout, uint64_t seed) {
  SCOPED_TRACE("shape [" + std::to_string(shape[0]) + ", " + std::to_string(shape[1]) + ", " +
               std::to_string(shape[2]) + ", " + std::to_string(shape[3]) + "] -> " +
               std::to_string(cout) + " channels");
  auto gen = at::detail::createCPUGenerator(seed);
  const torch::Tensor x = torch::randn(shape, gen);
  const torch::Tensor w = torch::randn({cout, shape[1], 3, 3}, gen);
  const torch::Tensor b = torch::randn({cout}, gen);
  const torch::Tensor up = torch::randn({shape[0], cout, shape[2], shape[3]}, gen);
  ASSERT_TRUE(conv3x3IsDirect(x, w));
  const Result got = run(x, w, b, up, false);
  const Result want = run(x, w, b, up, true);
  ASSERT_EQ(got.out.sizes(), want.out.sizes());
  EXPECT_LT(relativeError(got.out, want.out), 1e-5);
  EXPECT_LT(relativeError(got.gradInput, want.gradInput), 1e-5);
  EXPECT_LT(relativeError(got.gradWeight, want.gradWeight), 1e-5);
  EXPECT_LT(relativeError(got.gradBias, want.gradBias), 1e-5);
}

TEST(Conv3x3Test, MatchesConv2dValuesAndGradientsOnTheCnnShapes) {
  expectClose({16, 1, 28, 28}, 4, 1);  // cnn:4, first layer
  expectClose({16, 4, 14, 14}, 8, 2);  // cnn:4, second layer
  expectClose({5, 2, 28, 28}, 4, 3);   // cnn:2
  expectClose({3, 1, 28, 28}, 8, 4);   // cnn:8, first layer
}

TEST(Conv3x3Test, MatchesConv2dOnOddAndTinyPlanes) {
  // Sizes whose flat runs are shorter than a vector, not a multiple of one, or a single cell;
  // output channels that do not fill a block of four.
  expectClose({2, 3, 7, 5}, 2, 5);
  expectClose({3, 2, 1, 1}, 3, 6);
  expectClose({2, 1, 1, 9}, 5, 7);
  expectClose({2, 2, 9, 1}, 6, 8);
  expectClose({1, 1, 3, 3}, 1, 9);
}

TEST(Conv3x3Test, PortableKernelMatchesToo) {
  simd::forcePortable(true);
  expectClose({4, 1, 28, 28}, 4, 12);
  expectClose({4, 4, 14, 14}, 8, 13);
  expectClose({2, 3, 7, 5}, 2, 14);
  simd::forcePortable(false);
}

TEST(Conv3x3Test, SameBitsForAnyThreadCountAndBatchOrderOfSums) {
  auto gen = at::detail::createCPUGenerator(10);
  const torch::Tensor x = torch::randn({13, 4, 14, 14}, gen);
  const torch::Tensor w = torch::randn({8, 4, 3, 3}, gen);
  const torch::Tensor b = torch::randn({8}, gen);
  const torch::Tensor up = torch::randn({13, 8, 14, 14}, gen);
  const int threads = at::get_num_threads();
  at::set_num_threads(1);
  const Result one = run(x, w, b, up, false);
  at::set_num_threads(2);
  const Result two = run(x, w, b, up, false);
  const Result again = run(x, w, b, up, false);
  at::set_num_threads(threads);
  for (const Result* r : {&two, &again}) {
    EXPECT_TRUE(torch::equal(one.out, r->out));
    EXPECT_TRUE(torch::equal(one.gradInput, r->gradInput));
    EXPECT_TRUE(torch::equal(one.gradWeight, r->gradWeight));
    EXPECT_TRUE(torch::equal(one.gradBias, r->gradBias));
  }
}

TEST(Conv3x3Test, WiderLayersOtherTypesAndKernelsTakeConv2d) {
  const torch::Tensor x = torch::randn({2, 8, 6, 6});
  const torch::Tensor wide = torch::randn({16, 8, 3, 3});
  const torch::Tensor bias = torch::randn({16});
  EXPECT_FALSE(conv3x3IsDirect(x, wide));  // 8 -> 16 channels: oneDNN is faster there
  EXPECT_FALSE(conv3x3IsDirect(torch::randn({2, 1, 6, 6}), torch::randn({16, 1, 3, 3})));
  EXPECT_TRUE(torch::equal(conv3x3(x, wide, bias), torch::conv2d(x, wide, bias, 1, 1)));
  const torch::Tensor narrow = torch::randn({4, 8, 3, 3});
  EXPECT_TRUE(conv3x3IsDirect(x, narrow));
  EXPECT_FALSE(conv3x3IsDirect(x.to(torch::kDouble), narrow.to(torch::kDouble)));
  const torch::Tensor xd = x.to(torch::kDouble);
  const torch::Tensor nd = narrow.to(torch::kDouble);
  EXPECT_TRUE(torch::equal(conv3x3(xd, nd, bias.slice(0, 0, 4).to(torch::kDouble)),
                           torch::conv2d(xd, nd, bias.slice(0, 0, 4).to(torch::kDouble), 1, 1)));
  EXPECT_FALSE(conv3x3IsDirect(x, torch::randn({4, 8, 5, 5})));
  EXPECT_FALSE(conv3x3IsDirect(torch::randn({2, 8, 0, 6}), narrow));  // an empty plane
}

TEST(Conv3x3Test, NonContiguousInputNoInputGradientAndNoGraph) {
  auto gen = at::detail::createCPUGenerator(11);
  // A transposed view: the kernel reads a contiguous copy.
  const torch::Tensor x = torch::randn({2, 3, 9, 6}, gen).transpose(2, 3);
  const torch::Tensor w = torch::randn({4, 3, 3, 3}, gen).requires_grad_();
  const torch::Tensor b = torch::randn({4}, gen).requires_grad_();
  ASSERT_FALSE(x.is_contiguous());
  const torch::Tensor out = conv3x3(x, w, b);
  EXPECT_LT(
      relativeError(out.detach(), torch::conv2d(x.to(torch::kDouble), w.detach().to(torch::kDouble),
                                                b.detach().to(torch::kDouble), 1, 1)),
      1e-5);
  // The first layer's input needs no gradient; the weights still get theirs.
  out.sum().backward();
  EXPECT_FALSE(x.grad().defined());
  EXPECT_TRUE(w.grad().defined());
  torch::NoGradGuard noGrad;
  EXPECT_TRUE(torch::equal(conv3x3(x, w, b), out.detach()));
}

}  // namespace
}  // namespace w2s
