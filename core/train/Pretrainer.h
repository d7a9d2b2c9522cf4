#pragma once
// Self-supervised pretraining of a ladder member's backbone: next-token prediction for the
// transformer, rotation prediction for the CNN. The classification head is not trained here.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/models/Transformer.h"
#include "core/train/EvalPoint.h"
#include "core/train/PretrainConfig.h"
#include "core/train/Trainer.h"

namespace w2s {

/// A pretraining run's curve: trainLoss = mean objective since the last evaluation; testLoss /
/// testAcc = held-out loss / accuracy of the objective (next token, or rotation).
struct PretrainResult {
  std::vector<EvalPoint> curve;
  int64_t steps = 0;
  double seconds = 0.0;
  int64_t examplesSeen = 0;  ///< tokens predicted (text) or images seen (rotation)
};

/// Next-token pretraining on `trainStream` (int64 [T], texts as <bos> ... <eos>): each step
/// takes cfg.batchSize windows of seqLen + 1 tokens at offsets drawn from cfg.seed, predicts
/// tokens 1..seqLen from 0..seqLen-1. Adam, warm-up over 5 % of the steps, cosine to 0, gradient
/// norm clipped to 1. Held-out: up to 64 non-overlapping windows of `testStream`.
/// Throws Cancelled when `cancel` is requested.
PretrainResult pretrainLanguageModel(TransformerImpl& model, const torch::Tensor& trainStream,
                                     const torch::Tensor& testStream, int64_t seqLen,
                                     const PretrainConfig& cfg, torch::Device device,
                                     TrainObserver* observer = nullptr,
                                     const CancelToken* cancel = nullptr);

/// Mean next-token cross-entropy (and accuracy in *acc) of `model` on up to `maxWindows`
/// non-overlapping windows of seqLen + 1 tokens of `stream`.
double languageModelLoss(TransformerImpl& model, const torch::Tensor& stream, int64_t seqLen,
                         torch::Device device, int64_t maxWindows = 64, double* acc = nullptr);

/// Rotation-prediction pretraining of a 4-class `model` (a CNN) on images [N, 1, H, W] with
/// H == W: each image is rotated by k * 90 degrees, k drawn from cfg.seed, and the model
/// predicts k. Held-out: up to 2,000 test images in all 4 rotations.
PretrainResult pretrainRotation(Classifier& model, const torch::Tensor& trainImages,
                                const torch::Tensor& testImages, const PretrainConfig& cfg,
                                torch::Device device, TrainObserver* observer = nullptr,
                                const CancelToken* cancel = nullptr);

/// The backbone (every parameter not under "head.") as a torch archive.
std::string saveBackbone(const torch::nn::Module& model);

/// Copies a saveBackbone() archive into `model`'s backbone; every backbone parameter must be in
/// the archive with the same shape. Throws Error naming `where` and the parameter.
void loadBackbone(torch::nn::Module& model, const std::string& bytes, const std::string& where);

}  // namespace w2s
