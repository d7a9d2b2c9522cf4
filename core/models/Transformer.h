#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/models/Classifier.h"

namespace w2s {

/// Architecture of a small decoder-only transformer.
struct TransformerShape {
  int64_t vocab = 0;   ///< token ids 0..vocab-1 (0 = <pad>)
  int64_t maxLen = 0;  ///< positions
  int64_t dModel = 64;
  int64_t layers = 2;
  int64_t heads = 4;
  int64_t dFF = 256;
  std::string pooling = "last";  ///< "last" | "mean"
  int64_t numClasses = 2;
};

/// One pre-LN block: x + attn(ln1(x)), then + mlp(ln2(x)); causal multi-head self-attention.
class TransformerBlockImpl : public torch::nn::Module {
 public:
  TransformerBlockImpl(int64_t dModel, int64_t heads, int64_t dFF, int64_t layers);
  /// x: [N, T, d]; mask: [T, T] additive causal mask (0 on and below the diagonal, -inf above).
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& mask);

 private:
  int64_t heads_;
  torch::nn::LayerNorm ln1_{nullptr}, ln2_{nullptr};
  torch::nn::Linear qkv_{nullptr}, proj_{nullptr}, fc1_{nullptr}, fc2_{nullptr};
};
TORCH_MODULE(TransformerBlock);

/// Decoder-only transformer over token ids [N, T] (right-padded with 0): token + learned
/// position embeddings, pre-LN blocks, a final LayerNorm. Two heads on the final hidden states:
/// the language-model head (tied to the token embeddings, no extra parameters) for next-token
/// pretraining, and the classification head "head" (no bias, zero-initialised, as in the
/// reference setup) on the last non-pad token (causal attention: it has seen the whole text)
/// or on the mean over non-pad tokens. Parameters not under "head" form the backbone.
class TransformerImpl : public Classifier {
 public:
  explicit TransformerImpl(const TransformerShape& shape);

  /// tokens: int64 [N, T] with T <= maxLen (float ids are accepted and rounded); logits [N, C].
  torch::Tensor forward(torch::Tensor tokens) override;
  /// Final hidden states [N, T, d] (after the last LayerNorm).
  torch::Tensor hidden(const torch::Tensor& tokens);
  /// Next-token logits [N, T, vocab]: position t predicts token t + 1.
  torch::Tensor lmLogits(const torch::Tensor& tokens);

  const TransformerShape& shape() const { return shape_; }
  /// Trainable parameters, by formula (no model is built).
  static int64_t countParameters(const TransformerShape& shape);

 private:
  TransformerShape shape_;
  torch::nn::Embedding tok_{nullptr}, pos_{nullptr};
  std::vector<TransformerBlock> blocks_;
  torch::nn::LayerNorm lnf_{nullptr};
  torch::nn::Linear head_{nullptr};
  torch::Tensor mask_;  // [maxLen, maxLen] additive causal mask (buffer)
};

}  // namespace w2s
