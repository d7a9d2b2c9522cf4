// The decoder-only transformer: shapes, parameter counts by formula, causality, pooling over
// padding, the ladder's span, and the families that need token input.
#include "core/models/Transformer.h"

#include <gtest/gtest.h>

#include "core/models/Classifier.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

ModelSpec transformer(int d, int layers, int heads, const std::string& pooling = "last") {
  ModelSpec m;
  m.name = "t" + std::to_string(d);
  m.family = "transformer";
  m.dModel = d;
  m.layers = layers;
  m.heads = heads;
  m.pooling = pooling;
  return m;
}

/// Random head weights (the head starts at zero, which would hide what pooling does).
void randomHead(torch::nn::Module& m) {
  torch::NoGradGuard g;
  for (auto& p : m.named_parameters()) {
    if (isHeadParameter(p.key())) p.value().normal_();
  }
}

TEST(TransformerTest, ShapesAndCountByFormula) {
  torch::manual_seed(0);
  auto model = makeModel(transformer(32, 2, 4), {16}, 3, 100);
  const torch::Tensor x = torch::randint(4, 100, {5, 16}, torch::kInt64);
  EXPECT_EQ(model->forward(x).sizes(), (std::vector<int64_t>{5, 3}));
  auto& t = dynamic_cast<TransformerImpl&>(*model);
  EXPECT_EQ(t.lmLogits(x).sizes(), (std::vector<int64_t>{5, 16, 100}));
  EXPECT_EQ(parameterCount(*model), parameterCount(transformer(32, 2, 4), {16}, 3, 100));
  // The zero-initialised head starts every example at equal logits.
  EXPECT_TRUE(model->forward(x).eq(0).all().item<bool>());
}

TEST(TransformerTest, AttentionIsCausal) {
  torch::manual_seed(1);
  TransformerShape s;
  s.vocab = 50;
  s.maxLen = 10;
  s.dModel = 16;
  s.heads = 2;
  s.layers = 2;
  s.dFF = 32;
  TransformerImpl t(s);
  torch::Tensor a = torch::randint(4, 50, {1, 10}, torch::kInt64);
  torch::Tensor b = a.clone();
  b[0][7] = (a[0][7].item<int64_t>() + 1 - 4) % 46 + 4;  // change token 7 only
  const torch::Tensor ha = t.hidden(a), hb = t.hidden(b);
  EXPECT_TRUE(torch::allclose(ha.narrow(1, 0, 7), hb.narrow(1, 0, 7), 1e-5, 1e-6));
  EXPECT_FALSE(torch::allclose(ha.narrow(1, 7, 1), hb.narrow(1, 7, 1)));
}

TEST(TransformerTest, PoolingIgnoresTrailingPadding) {
  for (const char* pooling : {"last", "mean"}) {
    torch::manual_seed(2);
    auto model = makeModel(transformer(16, 1, 2, pooling), {12}, 2, 40);
    randomHead(*model);
    const torch::Tensor shortRow = torch::tensor({{1, 9, 17, 23}}, torch::kInt64);
    const torch::Tensor padded = torch::tensor({{1, 9, 17, 23, 0, 0, 0, 0, 0, 0, 0, 0}},
                                               torch::kInt64);
    EXPECT_TRUE(torch::allclose(model->forward(shortRow), model->forward(padded), 1e-5, 1e-6))
        << pooling;
  }
}

TEST(TransformerTest, LadderSpansTwoOrdersOfMagnitude) {
  // The text ladder of resources/sweeps/text-*.json (vocabulary 2000, 128 tokens, 2 classes).
  const int64_t tiny = parameterCount(transformer(8, 1, 2), {128}, 2, 2000);
  const int64_t large = parameterCount(transformer(256, 4, 8), {128}, 2, 2000);
  EXPECT_GE(large, 100 * tiny);
}

TEST(TransformerTest, TokenFamiliesAndNumericFamiliesDoNotMix) {
  EXPECT_THROW(makeModel(transformer(16, 1, 2), {1, 28, 28}, 10), SpecError);
  EXPECT_THROW(makeModel(transformer(16, 1, 2), {32}, 2, 0), SpecError);
  EXPECT_THROW(makeModel(transformer(15, 1, 2), {32}, 2, 100), SpecError);  // heads ∤ d_model
  ModelSpec mlp;
  mlp.name = "m";
  EXPECT_THROW(parameterCount(mlp, {32}, 2, 100), SpecError);
  ModelSpec glove;
  glove.name = "g";
  glove.family = "glove";
  glove.depth = 0;
  EXPECT_EQ(parameterCount(glove, {128}, 2, 2000), kGloveDim * 2 + 2);
  EXPECT_THROW(parameterCount(glove, {1, 28, 28}, 10, 0), SpecError);
}

TEST(TransformerTest, TrainsOnFloatOrIntegerIds) {
  torch::manual_seed(3);
  auto model = makeModel(transformer(16, 1, 2), {8}, 2, 30);
  const torch::Tensor ids = torch::randint(4, 30, {3, 8}, torch::kInt64);
  randomHead(*model);
  EXPECT_TRUE(torch::allclose(model->forward(ids), model->forward(ids.to(torch::kFloat))));
}

}  // namespace
}  // namespace w2s
