#include "core/train/ExtraLosses.h"

#include "core/train/LossRegistry.h"

namespace w2s {

torch::Tensor klToSoftLabels(const torch::Tensor& logits, const torch::Tensor& target) {
  const torch::Tensor t = target.detach();
  // xlogy: a label of exactly 0 contributes 0 instead of 0 * log 0 = NaN.
  const torch::Tensor negEntropy = torch::xlogy(t, t).sum();
  return softCrossEntropy(logits, t) + negEntropy.div(static_cast<double>(logits.size(0)));
}

torch::Tensor entropyConfidenceLoss(const torch::Tensor& logits, const torch::Tensor& target,
                                    double alpha) {
  const torch::Tensor logp = torch::log_softmax(logits, /*dim=*/1);
  const torch::Tensor entropy = -(logp.exp() * logp).sum().div(static_cast<double>(logits.size(0)));
  return softCrossEntropy(logits, target.detach()) * (1.0 - alpha) + entropy * alpha;
}

torch::Tensor labelWindowMask(const torch::Tensor& target, double radius) {
  return std::get<0>(target.detach().max(/*dim=*/1)) < 0.5 + radius;
}

torch::Tensor labelWindowLoss(const torch::Tensor& logits, const torch::Tensor& target,
                              double radius) {
  const torch::Tensor keep = labelWindowMask(target, radius);
  const int64_t kept = keep.sum().item<int64_t>();
  // Multiplying keeps the graph (and a zero gradient) when the batch has no row to learn from.
  if (kept == 0) return logits.sum() * 0.0;
  const torch::Tensor rows = keep.nonzero().squeeze(1);
  return softCrossEntropy(logits.index_select(0, rows), target.detach().index_select(0, rows));
}

namespace {

class KlLoss : public Loss {
 public:
  torch::Tensor operator()(const torch::Tensor& logits, const torch::Tensor& target,
                           double /*progress*/) override {
    return klToSoftLabels(logits, target);
  }
};

class EntropyLoss : public Loss {
 public:
  explicit EntropyLoss(const LossSpec& spec)
      : auxCoef_(spec.option("aux_coef")), warmupFrac_(spec.option("warmup_frac")) {}
  torch::Tensor operator()(const torch::Tensor& logits, const torch::Tensor& target,
                           double progress) override {
    return entropyConfidenceLoss(logits, target, logconfAlpha(progress, auxCoef_, warmupFrac_));
  }

 private:
  double auxCoef_;
  double warmupFrac_;
};

class LabelWindowLoss : public Loss {
 public:
  explicit LabelWindowLoss(const LossSpec& spec) : radius_(spec.option("radius")) {}
  torch::Tensor operator()(const torch::Tensor& logits, const torch::Tensor& target,
                           double /*progress*/) override {
    return labelWindowLoss(logits, target, radius_);
  }

 private:
  double radius_;
};

}  // namespace

LossInfo klLossInfo() {
  LossInfo l;
  l.name = "kl";
  l.summary =
      "KL divergence to the weak soft labels: the gradient of xent, 0 when the student matches "
      "the labels.";
  l.make = [](const LossSpec&) { return std::make_unique<KlLoss>(); };
  return l;
}

LossInfo entropyLossInfo() {
  LossInfo l;
  l.name = "entropy";
  l.summary = "(1 − α)·CE + α·H(p): logconf without hardening.";
  l.options = {auxCoefOption(), warmupFracOption()};
  l.make = [](const LossSpec& spec) { return std::make_unique<EntropyLoss>(spec); };
  return l;
}

LossInfo windowLabelsLossInfo() {
  LossInfo l;
  l.name = "window_labels";
  l.summary =
      "CE on the examples whose largest *weak-label* probability is below 0.5 + radius, averaged "
      "over those examples (the window taken on the supervisor's confidence).";
  l.options = {windowRadiusOption(0.2)};
  l.allowsHardLabels = false;  // hardened labels have confidence 1: the window keeps no row
  l.make = [](const LossSpec& spec) { return std::make_unique<LabelWindowLoss>(spec); };
  return l;
}

}  // namespace w2s
