#include "core/train/ExtraLosses.h"

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

torch::Tensor windowMask(const torch::Tensor& target, double radius) {
  return std::get<0>(target.detach().max(/*dim=*/1)) < 0.5 + radius;
}

torch::Tensor windowLoss(const torch::Tensor& logits, const torch::Tensor& target,
                         double radius) {
  const torch::Tensor keep = windowMask(target, radius);
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
  explicit EntropyLoss(const LossSpec& spec) : spec_(spec) {}
  torch::Tensor operator()(const torch::Tensor& logits, const torch::Tensor& target,
                           double progress) override {
    return entropyConfidenceLoss(logits, target,
                                 logconfAlpha(progress, spec_.auxCoef, spec_.warmupFrac));
  }

 private:
  LossSpec spec_;
};

class WindowLoss : public Loss {
 public:
  explicit WindowLoss(double radius) : radius_(radius) {}
  torch::Tensor operator()(const torch::Tensor& logits, const torch::Tensor& target,
                           double /*progress*/) override {
    return windowLoss(logits, target, radius_);
  }

 private:
  double radius_;
};

}  // namespace

std::unique_ptr<Loss> makeExtraLoss(const LossSpec& spec) {
  if (spec.name == "kl") return std::make_unique<KlLoss>();
  if (spec.name == "entropy") return std::make_unique<EntropyLoss>(spec);
  if (spec.name == "window") return std::make_unique<WindowLoss>(spec.radius);
  return nullptr;
}

}  // namespace w2s
