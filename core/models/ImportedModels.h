#pragma once
// Ladder members brought from elsewhere: precomputed embeddings (.npy / .safetensors rows) and
// TorchScript modules.
#include <torch/script.h>
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/models/Classifier.h"

namespace w2s {

/// The rows of an embeddings file as float32 [rows, dim]: a .npy array [rows, dim], or a
/// .safetensors file's only tensor (or the one named "embeddings"). Read once per process per
/// file (path, size and mtime). Throws DataError naming the file and what was expected.
std::shared_ptr<const torch::Tensor> loadEmbeddingFile(const std::string& path);

/// A TorchScript module mapping a batch of a task's inputs to features [N, F], finetuned with a
/// zero-initialised linear head "head" F -> classes. The module's parameters are registered
/// (as "ts.<name>" with '.' -> '_') so the optimiser and parameterCount see them.
class TorchScriptClassifier : public Classifier {
 public:
  /// Loads `path` (torch::jit::load) and probes its feature width with a batch of 2 inputs of
  /// `inputShape` (int64 ones when `tokens`, float zeros otherwise). Throws DataError.
  TorchScriptClassifier(const std::string& path, const std::vector<int64_t>& inputShape,
                        bool tokens, int numClasses);

  /// x: the task's inputs [N, ...]; returns logits [N, numClasses].
  torch::Tensor forward(torch::Tensor x) override;
  /// Sets train/eval mode of the head and of the scripted module.
  void train(bool on = true) override;

  /// Trainable parameters of `path` plus the head, without keeping the model (cached per path).
  static int64_t countParameters(const std::string& path, const std::vector<int64_t>& inputShape,
                                 bool tokens, int numClasses);

 private:
  torch::jit::Module module_;
  torch::nn::Linear head_{nullptr};
};

}  // namespace w2s
