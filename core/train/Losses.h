#pragma once
#include <memory>

#include <torch/torch.h>

#include "core/train/TrainConfig.h"

namespace w2s {

/// Mean over the batch of -sum_c target_c * log softmax(logits)_c.
torch::Tensor softCrossEntropy(const torch::Tensor& logits, const torch::Tensor& target);

/// logconf's alpha at training progress in [0,1]: linear ramp from 0 to auxCoef over warmupFrac,
/// then constant (the reference code's 0 -> 0.05 -> jump is a known bug; this is the intent).
double logconfAlpha(double progress, double auxCoef, double warmupFrac);

/// Binary hardening with the adaptive threshold: t = q-quantile of p(class 0) with q = prior of
/// class 1; returns one-hot [N,2] of (p0 <= t ? class 1 : class 0)... precisely SCIENCE.md's rule.
torch::Tensor hardenBinary(const torch::Tensor& probs, double priorClass1,
                           const torch::Tensor& thresholdPool = torch::Tensor());

/// Multiclass hardening that matches the class prior (balanced assignment), returns one-hot [N,C].
torch::Tensor hardenToPrior(const torch::Tensor& probs, const torch::Tensor& prior);

/// A stateful training loss (logconf may keep a rolling buffer of predictions).
class Loss {
 public:
  virtual ~Loss() = default;
  /// logits [N,C] (requires grad), target [N,C] soft labels, progress = step / total steps.
  virtual torch::Tensor operator()(const torch::Tensor& logits, const torch::Tensor& target,
                                   double progress) = 0;
};

/// Builds the loss named by the spec; throws SpecError for an unknown name.
std::unique_ptr<Loss> makeLoss(const LossSpec& spec);

}  // namespace w2s
