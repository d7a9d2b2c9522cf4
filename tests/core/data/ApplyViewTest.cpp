#include <gtest/gtest.h>

#include <set>

#include "core/data/ApplyView.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

ViewSpec view(const std::string& type) {
  ViewSpec v;
  v.name = type;
  v.type = type;
  return v;
}

/// Images [n, c, h, w] with values in [0.1, 1.1): no pixel is zero before a view is applied.
torch::Tensor images(int64_t n, int64_t c = 1, int64_t h = 28, int64_t w = 28) {
  torch::manual_seed(5);
  return torch::rand({n, c, h, w}) + 0.1f;
}

torch::Tensor idsFrom(int64_t first, int64_t n) { return torch::arange(first, first + n); }

TEST(ApplyViewTest, NoneReturnsTheInput) {
  const torch::Tensor x = images(3);
  EXPECT_TRUE(applyView(x, idsFrom(0, 3), view("none"), 1, 0).is_same(x));
}

TEST(ApplyViewTest, NoiseIsFixedPerExampleWhateverTheOrderOrBatch) {
  ViewSpec v = view("noise");
  v.sigma = 0.5;
  const torch::Tensor x = images(40, 1, 8, 8);
  const torch::Tensor ids = idsFrom(100, 40);
  const torch::Tensor before = x.clone();
  const torch::Tensor all = applyView(x, ids, v, 9, 1);
  EXPECT_TRUE(torch::equal(x, before)) << "the input must not be modified";
  EXPECT_FALSE(torch::allclose(all, x));

  const torch::Tensor perm = torch::randperm(40, torch::kInt64);
  const torch::Tensor shuffled =
      applyView(x.index_select(0, perm), ids.index_select(0, perm), v, 9, 1);
  EXPECT_TRUE(torch::equal(shuffled, all.index_select(0, perm)));

  const torch::Tensor batch = applyView(x.slice(0, 10, 20), ids.slice(0, 10, 20), v, 9, 1);
  EXPECT_TRUE(torch::equal(batch, all.slice(0, 10, 20)));

  // Another seed or another salt (train vs test ids) gives other noise.
  EXPECT_FALSE(torch::allclose(applyView(x, ids, v, 10, 1), all));
  EXPECT_FALSE(torch::allclose(applyView(x, ids, v, 9, 2), all));
}

TEST(ApplyViewTest, NoiseHasTheRequestedSigmaAndIsIndependentAcrossExamples) {
  ViewSpec v = view("noise");
  v.sigma = 0.6;
  const torch::Tensor x = torch::zeros({400, 784});
  const torch::Tensor noise = applyView(x, idsFrom(0, 400), v, 3, 0);
  EXPECT_NEAR(noise.mean().item<double>(), 0.0, 0.005);
  EXPECT_NEAR(noise.std().item<double>(), 0.6, 0.01);
  // Values are not clamped: noisy pixels leave [0, 1].
  EXPECT_LT(noise.min().item<float>(), -1.0f);
  const torch::Tensor corr = torch::corrcoef(noise.slice(0, 0, 2));
  EXPECT_LT(std::abs(corr[0][1].item<double>()), 0.15);
}

TEST(ApplyViewTest, DownsampleKeepsTheShapeAndMakesBlocks) {
  ViewSpec v = view("downsample");
  v.factor = 4;
  const torch::Tensor x = images(3);
  const torch::Tensor y = applyView(x, idsFrom(0, 3), v, 0, 0);
  ASSERT_EQ(y.sizes(), x.sizes());
  for (int64_t r = 0; r < 28; r += 4) {
    for (int64_t c = 0; c < 28; c += 4) {
      const auto block =
          y.index({0, 0, torch::indexing::Slice(r, r + 4), torch::indexing::Slice(c, c + 4)});
      const auto source =
          x.index({0, 0, torch::indexing::Slice(r, r + 4), torch::indexing::Slice(c, c + 4)});
      EXPECT_TRUE(torch::allclose(block, source.mean().expand({4, 4}), 1e-5, 1e-6));
    }
  }
}

TEST(ApplyViewTest, DownsampleByANonDivisorAveragesTheEdgeBlockOverRealPixels) {
  ViewSpec v = view("downsample");
  v.factor = 3;  // 28 = 9 * 3 + 1: the last row and column form blocks of their own
  const torch::Tensor x = images(2);
  const torch::Tensor y = applyView(x, idsFrom(0, 2), v, 0, 0);
  ASSERT_EQ(y.sizes(), x.sizes());
  EXPECT_NEAR(y[1][0][27][27].item<float>(), x[1][0][27][27].item<float>(), 1e-6);
  const float corner = x.index({1, 0, torch::indexing::Slice(0, 3), torch::indexing::Slice(0, 3)})
                           .mean()
                           .item<float>();
  EXPECT_NEAR(y[1][0][2][2].item<float>(), corner, 1e-5);
  EXPECT_EQ(std::get<0>(at::_unique(y[1][0])).numel(), 100);  // 10 x 10 blocks
}

TEST(ApplyViewTest, OccludeZeroesExactlyOneSquarePerExample) {
  ViewSpec v = view("occlude");
  v.size = 5;
  const torch::Tensor x = images(30, 3);
  const torch::Tensor ids = idsFrom(0, 30);
  const torch::Tensor y = applyView(x, ids, v, 4, 0);
  std::set<std::pair<int64_t, int64_t>> corners;
  for (int64_t i = 0; i < 30; ++i) {
    const torch::Tensor zero = y[i].eq(0);
    ASSERT_EQ(zero.sum().item<int64_t>(), 3 * 25) << "example " << i;
    // Same place in every channel, and the zeros form a 5x5 square.
    EXPECT_TRUE(torch::equal(zero[0], zero[2]));
    const torch::Tensor where = zero[0].nonzero();
    const auto lo = std::get<0>(where.min(0)), hi = std::get<0>(where.max(0));
    EXPECT_EQ((hi - lo)[0].item<int64_t>(), 4);
    EXPECT_EQ((hi - lo)[1].item<int64_t>(), 4);
    corners.insert({lo[0].item<int64_t>(), lo[1].item<int64_t>()});
    // Pixels outside the square are untouched.
    EXPECT_TRUE(torch::equal(y[i].masked_select(~zero), x[i].masked_select(~zero)));
  }
  EXPECT_GT(corners.size(), 20u) << "places should differ between examples";
  // Fixed per example: a reversed batch puts each square at the same place.
  const torch::Tensor rev = torch::arange(29, -1, -1);
  EXPECT_TRUE(torch::equal(applyView(x.index_select(0, rev), ids.index_select(0, rev), v, 4, 0),
                           y.index_select(0, rev)));
}

TEST(ApplyViewTest, PartialZeroesTheSameTrailingFeatures) {
  ViewSpec v = view("partial");
  v.keep = 0.25;
  const torch::Tensor x = torch::rand({6, 32}) + 0.1f;
  const torch::Tensor y = applyView(x, idsFrom(0, 6), v, 0, 0);
  EXPECT_TRUE(torch::equal(y.slice(1, 0, 8), x.slice(1, 0, 8)));
  EXPECT_EQ(y.slice(1, 8).abs().sum().item<float>(), 0.0f);
}

TEST(ApplyViewTest, BadViewsAreSpecErrors) {
  const torch::Tensor flat = torch::rand({4, 32});
  const torch::Tensor ids = idsFrom(0, 4);
  EXPECT_THROW(applyView(flat, ids, view("blur"), 0, 0), SpecError);
  ViewSpec down = view("downsample");
  down.factor = 2;
  EXPECT_THROW(applyView(flat, ids, down, 0, 0), SpecError);
  ViewSpec occ = view("occlude");
  occ.size = 3;
  EXPECT_THROW(applyView(flat, ids, occ, 0, 0), SpecError);
  occ.size = 40;
  EXPECT_THROW(applyView(images(2), idsFrom(0, 2), occ, 0, 0), SpecError);
  ViewSpec noise = view("noise");
  noise.sigma = -1;
  EXPECT_THROW(applyView(flat, ids, noise, 0, 0), SpecError);
  ViewSpec part = view("partial");
  part.keep = 1.5;
  EXPECT_THROW(applyView(flat, ids, part, 0, 0), SpecError);
  try {
    applyView(flat, ids, view("blur"), 0, 0);
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("blur"), std::string::npos);
  }
}

}  // namespace
}  // namespace w2s
