#pragma once
// Settings of a pretrain job (core/train/Pretrainer.h): self-supervised training of a ladder
// member's backbone on the task's unlabeled training inputs.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace w2s {

/// The sweep's "pretrain" object. Text tasks: next-token prediction on the training split's
/// texts (all of them, whole, labels unused, train_size ignored), in windows of seq_len tokens.
/// Images: predicting which of 4 rotations (0, 90, 180, 270 degrees) was applied to a training
/// image.
struct PretrainConfig {
  int64_t steps = 600;       ///< optimiser steps
  double lr = 1e-3;          ///< Adam, linear warm-up over the first 5 % of steps, then cosine to 0
  int batchSize = 32;        ///< windows (text) or images (rotation) per step
  int seqLen = 0;            ///< text: tokens per window; 0 = the task's max_len
  double weightDecay = 0.0;  ///< Adam weight decay
  int evalEvery = 100;       ///< steps between held-out evaluations (and one at the end)
  uint64_t seed = 0;         ///< init and batch order: one pretrained model serves every seed

  nlohmann::json toJson() const;
  /// Parses a (partial) object; throws SpecError naming `where` and the field.
  static PretrainConfig fromJson(const nlohmann::json& j, const std::string& where);
};

}  // namespace w2s
