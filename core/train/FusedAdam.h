#pragma once
#include <torch/torch.h>

#include <vector>

namespace w2s {

/// torch::optim::Adam whose step updates each float32 CPU parameter in one pass over memory
/// (params, grads and both moments read once) instead of eight tensor kernels with two temporary
/// tensors; same formulas, options and AdamParamState as torch's Adam, so save/load and the
/// per-group lr keep working. Other parameters (e.g. CUDA, amsgrad) go through torch's step.
/// Parameters whose grad is undefined are skipped, as in torch's Adam.
class FusedAdam : public torch::optim::Adam {
 public:
  /// Same arguments as torch::optim::Adam.
  FusedAdam(std::vector<torch::Tensor> params, torch::optim::AdamOptions options);

  /// One Adam update of every parameter with a gradient. closure must be null.
  torch::Tensor step(LossClosure closure = nullptr) override;

  /// Releases the gradients (sets them undefined): cheaper than zeroing, and the next backward
  /// writes fresh gradients instead of accumulating into zeroed ones.
  void releaseGrads();
};

}  // namespace w2s
