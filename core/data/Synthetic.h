#pragma once
// The synthetic task: Gaussian inputs labelled by a hidden random teacher.
#include <torch/torch.h>

#include "core/data/TaskSpec.h"

namespace w2s {

/// Generated examples of the synthetic task before grouping and subsetting.
struct SyntheticData {
  torch::Tensor trainX;  ///< float32 [nTrain, dim], x ~ N(0, I)
  torch::Tensor trainY;  ///< int64 [nTrain], in 0..classes-1
  torch::Tensor testX;   ///< float32 [nTest, dim]
  torch::Tensor testY;   ///< int64 [nTest]
};

/// Generates the task from spec.seed alone (same spec, same numbers). The teacher's logits are
/// (1 - nonlinearity) * linear(x) + nonlinearity * nonlinear(x), both parts scaled to unit
/// variance per class, the nonlinear part with every linear trend of x removed, so
/// `nonlinearity` is the share of the signal that a linear model cannot capture.
/// Example i's input depends only on (seed, i, split): a larger nTrain extends the same data.
/// Throws SpecError naming the field when a knob is out of range.
SyntheticData generateSynthetic(const SyntheticSpec& spec);

}  // namespace w2s
