#pragma once
#include <cstdint>
#include <memory>
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
std::shared_ptr<Classifier> makeModel(const ModelSpec& spec, const std::vector<int64_t>& inputShape,
                                      int numClasses);

/// Number of trainable parameters of a module.
int64_t parameterCount(const torch::nn::Module& module);

/// Parameter count of a ladder member without keeping the model.
int64_t parameterCount(const ModelSpec& spec, const std::vector<int64_t>& inputShape,
                       int numClasses);

}  // namespace w2s
