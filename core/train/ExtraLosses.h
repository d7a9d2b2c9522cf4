#pragma once
// Student losses beyond the paper (docs/science.md, "Losses"): KL to the soft labels, the
// entropy variant of the confidence loss, and window_labels (the window taken on the weak
// labels' confidence). They register in core/train/LossRegistry.cpp.
#include <torch/torch.h>

#include "core/train/Losses.h"

namespace w2s {

/// Mean over the batch of KL(target || softmax(logits)) = sum_c t_c (log t_c - log p_c), with
/// 0 log 0 = 0. Same gradient as softCrossEntropy; its value is 0 when the student matches the
/// labels exactly, which makes training curves comparable across label entropies.
torch::Tensor klToSoftLabels(const torch::Tensor& logits, const torch::Tensor& target);

/// The entropy variant of the confidence loss: (1 - alpha) CE(y, p) + alpha H(p), alpha =
/// logconfAlpha(progress, auxCoef, warmupFrac). This is CE to the target (1 - alpha) y + alpha p
/// with p *not* detached: with p detached the alpha term would have zero gradient.
torch::Tensor entropyConfidenceLoss(const torch::Tensor& logits, const torch::Tensor& target,
                                    double alpha);

/// Rows whose largest label probability is below 0.5 + radius (the labels the supervisor is
/// unsure about); bool [N].
torch::Tensor labelWindowMask(const torch::Tensor& target, double radius);

/// window_labels: CE to the soft labels over the rows labelWindowMask keeps, averaged over those
/// rows; 0 (with a gradient of 0) when a batch keeps none.
torch::Tensor labelWindowLoss(const torch::Tensor& logits, const torch::Tensor& target,
                              double radius);

}  // namespace w2s
