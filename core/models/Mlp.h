#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "core/models/Classifier.h"

namespace w2s {

/// Multi-layer perceptron: flatten, `depth` hidden Linear+ReLU layers of `width`, linear head.
class MlpImpl : public Classifier {
 public:
  /// inputSize = product of the per-example input shape; depth 0 gives a linear model.
  MlpImpl(int64_t inputSize, int width, int depth, int numClasses);

  /// x: [N, ...] with inputSize elements per example; returns logits [N, numClasses].
  torch::Tensor forward(torch::Tensor x) override;

  /// Trainable parameters of this architecture, by formula (no model is built).
  static int64_t countParameters(int64_t inputSize, int width, int depth, int numClasses);

 private:
  std::vector<torch::nn::Linear> hidden_;
  torch::nn::Linear head_{nullptr};
};

}  // namespace w2s
