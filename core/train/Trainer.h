#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "core/models/Classifier.h"
#include "core/train/EvalPoint.h"
#include "core/train/TrainConfig.h"
#include "core/util/CancelToken.h"

namespace w2s {

/// Receives progress from a training run. Called on the training thread.
class TrainObserver {
 public:
  virtual ~TrainObserver() = default;
  virtual void onStep(int64_t /*step*/, int64_t /*totalSteps*/, double /*loss*/) {}
  virtual void onEval(const EvalPoint& /*point*/) {}
};

/// What to train on. targets: float32 [N,C] (one-hot for ground truth, soft for weak labels).
/// supervisorTestPred: int64 [Ntest] class predicted by the supervisor on test, or undefined.
struct TrainInputs {
  torch::Tensor x;
  torch::Tensor targets;
  torch::Tensor testX;
  torch::Tensor testY;
  torch::Tensor supervisorTestPred;
};

struct TrainResult {
  std::vector<EvalPoint> curve;  ///< every evaluation, the last one at the final step
  torch::Tensor testProbs;       ///< float32 [Ntest, C] at the end of training (on CPU)
  /// float64 [Ntest, C] log-softmax of the final logits (on CPU). AUROC ranks by these: float32
  /// probabilities saturate to 1 for margins above about 17 and would tie confident examples.
  torch::Tensor testLogProbs;
  int64_t steps = 0;
  double seconds = 0.0;
};

/// Optimiser steps per epoch over n examples: ceil(n / batch), or floor with drop_last (the batch
/// is min(batch_size, n), so an epoch has at least one step).
int64_t stepsPerEpoch(const TrainConfig& cfg, int64_t n);

/// Trains `model` in place: Adam, lr schedule, shuffled batches from a generator seeded by `seed`,
/// `loss` as given, evaluation every cfg.evalEvery steps and at the end. Throws Cancelled when
/// `cancel` is requested (checked every step). Deterministic for equal inputs and seed on one
/// machine with a fixed number of intra-op threads.
TrainResult train(Classifier& model, const TrainInputs& in, const TrainConfig& cfg,
                  const LossSpec& loss, uint64_t seed, torch::Device device,
                  TrainObserver* observer = nullptr, const CancelToken* cancel = nullptr);

/// Softmax probabilities [N,C] on CPU, evaluated in batches under NoGradGuard and eval mode;
/// batch 0: 2048 rows, fewer for token sequences longer than 64.
torch::Tensor predictProbs(Classifier& model, const torch::Tensor& x, torch::Device device,
                           int64_t batch = 0);

/// Picks "cuda" when asked ("auto" or "cuda") and available, else "cpu". Throws SpecError for
/// "cuda" without CUDA.
torch::Device chooseDevice(const std::string& name);

}  // namespace w2s
