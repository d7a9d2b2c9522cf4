#include "core/models/Transformer.h"

#include <cmath>
#include <limits>

namespace w2s {

namespace {

// GPT-2's initialisation: N(0, 0.02) weights, zero biases; residual projections scaled by
// 1/sqrt(2 * layers) so the residual stream's variance does not grow with depth.
constexpr double kInitStd = 0.02;

void initLinear(torch::nn::Linear& l, double std) {
  torch::NoGradGuard noGrad;
  l->weight.normal_(0.0, std);
  if (l->bias.defined()) l->bias.zero_();
}

}  // namespace

TransformerBlockImpl::TransformerBlockImpl(int64_t dModel, int64_t heads, int64_t dFF,
                                           int64_t layers)
    : heads_(heads) {
  ln1_ = register_module("ln1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dModel})));
  qkv_ = register_module("qkv", torch::nn::Linear(dModel, 3 * dModel));
  proj_ = register_module("proj", torch::nn::Linear(dModel, dModel));
  ln2_ = register_module("ln2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dModel})));
  fc1_ = register_module("fc1", torch::nn::Linear(dModel, dFF));
  fc2_ = register_module("fc2", torch::nn::Linear(dFF, dModel));
  const double residualStd =
      kInitStd / std::sqrt(2.0 * static_cast<double>(std::max<int64_t>(layers, 1)));
  initLinear(qkv_, kInitStd);
  initLinear(proj_, residualStd);
  initLinear(fc1_, kInitStd);
  initLinear(fc2_, residualStd);
}

torch::Tensor TransformerBlockImpl::forward(torch::Tensor x, const torch::Tensor& mask) {
  const int64_t n = x.size(0), t = x.size(1), d = x.size(2), hd = d / heads_;
  // [N, T, 3, H, hd] -> three [N, H, T, hd]
  const torch::Tensor qkv = qkv_->forward(ln1_->forward(x)).view({n, t, 3, heads_, hd});
  const torch::Tensor q = qkv.select(2, 0).transpose(1, 2);
  const torch::Tensor k = qkv.select(2, 1).transpose(1, 2);
  const torch::Tensor v = qkv.select(2, 2).transpose(1, 2);
  torch::Tensor att =
      torch::matmul(q, k.transpose(-2, -1)).mul_(1.0 / std::sqrt(static_cast<double>(hd)));
  att = torch::softmax(att + mask, /*dim=*/-1);
  const torch::Tensor y = torch::matmul(att, v).transpose(1, 2).reshape({n, t, d});
  x = x + proj_->forward(y);
  return x + fc2_->forward(torch::gelu(fc1_->forward(ln2_->forward(x))));
}

TransformerImpl::TransformerImpl(const TransformerShape& shape) : shape_(shape) {
  tok_ = register_module("tok", torch::nn::Embedding(shape.vocab, shape.dModel));
  pos_ = register_module("pos", torch::nn::Embedding(shape.maxLen, shape.dModel));
  {
    torch::NoGradGuard noGrad;
    tok_->weight.normal_(0.0, kInitStd);
    pos_->weight.normal_(0.0, kInitStd / 2);
  }
  for (int64_t i = 0; i < shape.layers; ++i) {
    blocks_.push_back(
        register_module("block" + std::to_string(i),
                        TransformerBlock(shape.dModel, shape.heads, shape.dFF, shape.layers)));
  }
  lnf_ = register_module("lnf", torch::nn::LayerNorm(torch::nn::LayerNormOptions({shape.dModel})));
  head_ = register_module(
      "head",
      torch::nn::Linear(torch::nn::LinearOptions(shape.dModel, shape.numClasses).bias(false)));
  {
    torch::NoGradGuard noGrad;
    head_->weight.zero_();
  }
  mask_ = register_buffer("causal_mask", torch::full({shape.maxLen, shape.maxLen},
                                                     -std::numeric_limits<float>::infinity())
                                             .triu(/*diagonal=*/1));
}

torch::Tensor TransformerImpl::hidden(const torch::Tensor& tokens) {
  torch::Tensor ids =
      tokens.scalar_type() == torch::kLong ? tokens : tokens.round().to(torch::kLong);
  const int64_t t = ids.size(1);
  TORCH_CHECK(t <= shape_.maxLen, "transformer: ", t, " tokens, more than max_len ", shape_.maxLen);
  const torch::Tensor positions = torch::arange(t, ids.options());
  torch::Tensor x = tok_->forward(ids) + pos_->forward(positions);
  const torch::Tensor mask = mask_.narrow(0, 0, t).narrow(1, 0, t);
  for (auto& b : blocks_) x = b->forward(x, mask);
  return lnf_->forward(x);
}

torch::Tensor TransformerImpl::forward(torch::Tensor tokens) {
  torch::Tensor ids =
      tokens.scalar_type() == torch::kLong ? tokens : tokens.round().to(torch::kLong);
  const torch::Tensor h = hidden(ids);
  const torch::Tensor nonPad = ids.ne(0);
  torch::Tensor pooled;
  if (shape_.pooling == "mean") {
    const torch::Tensor w = nonPad.to(h.scalar_type()).unsqueeze(-1);
    pooled = (h * w).sum(1) / w.sum(1).clamp_min(1.0);
  } else {
    // Right-padded rows: the last non-pad token sits at length - 1 (a row of pads uses 0).
    const torch::Tensor last = nonPad.sum(1).sub(1).clamp_min(0);
    pooled = h.gather(1, last.view({-1, 1, 1}).expand({h.size(0), 1, h.size(2)})).squeeze(1);
  }
  return head_->forward(pooled);
}

torch::Tensor TransformerImpl::lmLogits(const torch::Tensor& tokens) {
  return torch::matmul(hidden(tokens), tok_->weight.t());
}

int64_t TransformerImpl::countParameters(const TransformerShape& s) {
  const int64_t d = s.dModel, f = s.dFF;
  const int64_t block =
      2 * d + (3 * d * d + 3 * d) + (d * d + d) + 2 * d + (d * f + f) + (f * d + d);
  return s.vocab * d + s.maxLen * d + s.layers * block + 2 * d + d * s.numClasses;
}

}  // namespace w2s
