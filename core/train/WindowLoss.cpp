// window (EleutherAI/w2s's definition): cross-entropy to the weak labels on the examples the
// *student* is unsure about, those whose largest predicted probability is below 0.5 + radius,
// summed over the kept examples and divided by the whole batch. A batch the student is sure of
// everywhere contributes 0 (with a gradient of 0). The window on the weak labels' confidence is
// window_labels (ExtraLosses.cpp).
#include "core/train/LossRegistry.h"

namespace w2s {

namespace {

class WindowLoss : public Loss {
 public:
  explicit WindowLoss(const LossSpec& spec) : radius_(spec.option("radius")) {}

  torch::Tensor operator()(const torch::Tensor& logits, const torch::Tensor& target,
                           double /*progress*/) override {
    const torch::Tensor logp = torch::log_softmax(logits, /*dim=*/1);
    const torch::Tensor confidence = std::get<0>(logp.detach().exp().max(/*dim=*/1));
    const torch::Tensor keep = (confidence < 0.5 + radius_).to(logp.dtype());
    const torch::Tensor rowCe = -(target.detach() * logp).sum(/*dim=*/1);
    return (rowCe * keep).sum().div(static_cast<double>(logits.size(0)));
  }

 private:
  double radius_;
};

}  // namespace

LossInfo windowLossInfo() {
  LossInfo l;
  l.name = "window";
  l.summary =
      "CE on the examples whose largest *student* probability is below 0.5 + radius, summed and "
      "divided by the whole batch (EleutherAI/w2s's definition).";
  l.options = {windowRadiusOption(0.15)};
  // "window" named the label-confidence variant (now window_labels) before revision 1.
  l.revision = 1;
  l.make = [](const LossSpec& spec) { return std::make_unique<WindowLoss>(spec); };
  return l;
}

}  // namespace w2s
