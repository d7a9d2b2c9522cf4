#include "core/run/EarlyStopping.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/data/Random.h"

namespace w2s {

HeldOutSplit holdOutWeakLabelled(TrainInputs& in, double fraction, uint64_t seed) {
  const int64_t n = in.x.size(0);
  if (n < 2 || !(fraction > 0 && fraction < 1)) {
    throw std::invalid_argument("early stopping: need at least 2 training rows and a fraction in "
                                "(0, 1), got " + std::to_string(n) + " rows and " +
                                std::to_string(fraction));
  }
  const int64_t held =
      std::clamp<int64_t>(std::llround(fraction * static_cast<double>(n)), 1, n - 1);
  const std::vector<int64_t> perm = seededPermutation(n, seed);
  const torch::Tensor all = torch::tensor(perm, torch::kInt64);
  // Sorted, so the rows keep their relative order (the trainer shuffles by its own seed).
  const torch::Tensor val = std::get<0>(all.narrow(0, 0, held).sort());
  const torch::Tensor rest = std::get<0>(all.narrow(0, held, n - held).sort());
  HeldOutSplit split;
  split.x = in.x.index_select(0, val);
  split.weakClass = in.targets.index_select(0, val).argmax(/*dim=*/1);
  in.x = in.x.index_select(0, rest);
  in.targets = in.targets.index_select(0, rest);
  return split;
}

EarlyStopChoice chooseEarlyStop(const std::vector<int64_t>& steps,
                                const std::vector<double>& score,
                                const std::vector<double>& testAcc) {
  if (steps.size() != score.size() || steps.size() != testAcc.size()) {
    throw std::invalid_argument("chooseEarlyStop: steps, scores and accuracies differ in length");
  }
  EarlyStopChoice c;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (std::isnan(score[i])) continue;
    if (c.step < 0 || score[i] > c.valAgree) {
      c.step = steps[i];
      c.valAgree = score[i];
      c.testAcc = testAcc[i];
    }
  }
  return c;
}

WeakAgreementTracker::WeakAgreementTracker(Classifier& model, HeldOutSplit split,
                                           torch::Device device, TrainObserver* inner)
    : model_(model), split_(std::move(split)), device_(device), inner_(inner) {}

void WeakAgreementTracker::onStep(int64_t step, int64_t totalSteps, double loss) {
  if (inner_) inner_->onStep(step, totalSteps, loss);
}

void WeakAgreementTracker::onEval(const EvalPoint& point) {
  const torch::Tensor pred = predictProbs(model_, split_.x, device_).argmax(/*dim=*/1);
  steps_.push_back(point.step);
  agree_.push_back(pred.eq(split_.weakClass).to(torch::kDouble).mean().item<double>());
  testAcc_.push_back(point.testAcc);
  if (inner_) inner_->onEval(point);
}

nlohmann::json WeakAgreementTracker::summary() const {
  const EarlyStopChoice early = chooseEarlyStop(steps_, agree_, testAcc_);
  const EarlyStopChoice oracle = chooseEarlyStop(steps_, testAcc_, testAcc_);
  nlohmann::json curve = nlohmann::json::array();
  for (size_t i = 0; i < steps_.size(); ++i) curve.push_back({steps_[i], agree_[i]});
  nlohmann::json j = {{"val_examples", split_.x.size(0)}, {"val_agree_curve", curve}};
  if (early.step >= 0) {
    j["early_stop_step"] = early.step;
    j["early_stop_acc"] = early.testAcc;
    j["early_stop_val_agree"] = early.valAgree;
    j["oracle_step"] = oracle.step;
    j["oracle_acc"] = oracle.testAcc;
  }
  return j;
}

}  // namespace w2s
