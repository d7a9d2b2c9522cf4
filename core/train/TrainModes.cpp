#include "core/train/TrainModes.h"

#include "core/util/Error.h"
#include "core/util/Hash.h"

namespace w2s {

namespace {

/// Restores trainability when training ends, by return or by exception.
struct Unfreeze {
  Classifier& model;
  ~Unfreeze() { setBackboneFrozen(model, false); }
};

/// Shifts the second phase's steps so that progress and curve continue the first phase's.
class OffsetObserver : public TrainObserver {
 public:
  OffsetObserver(TrainObserver* inner, int64_t offset, int64_t total)
      : inner_(inner), offset_(offset), total_(total) {}
  void onStep(int64_t step, int64_t /*totalSteps*/, double loss) override {
    if (inner_) inner_->onStep(offset_ + step, total_, loss);
  }
  void onEval(const EvalPoint& p) override {
    if (!inner_) return;
    EvalPoint q = p;
    q.step += offset_;
    inner_->onEval(q);
  }

 private:
  TrainObserver* inner_;
  int64_t offset_, total_;
};

}  // namespace

int64_t setBackboneFrozen(Classifier& model, bool frozen) {
  int64_t changed = 0;
  for (auto& p : model.named_parameters(/*recurse=*/true)) {
    if (isHeadParameter(p.key())) continue;
    if (p.value().requires_grad() == frozen) {
      p.value().set_requires_grad(!frozen);
      ++changed;
    }
  }
  return changed;
}

TrainResult trainWithMode(Classifier& model, const TrainInputs& in, const TrainConfig& cfg,
                          const LossSpec& loss, uint64_t seed, torch::Device device,
                          TrainObserver* observer, const CancelToken* cancel) {
  if (cfg.mode == "finetune") return train(model, in, cfg, loss, seed, device, observer, cancel);
  if (cfg.mode != "linear_probe" && cfg.mode != "head_then_full") {
    throw SpecError(
        "train.mode: expected \"finetune\", \"linear_probe\" or \"head_then_full\", got \"" +
        cfg.mode + "\"");
  }
  Unfreeze restore{model};
  setBackboneFrozen(model, true);
  if (cfg.mode == "linear_probe")
    return train(model, in, cfg, loss, seed, device, observer, cancel);

  TrainConfig head = cfg;
  head.epochs = cfg.headEpochs;
  const int64_t perEpoch = stepsPerEpoch(cfg, in.x.size(0));
  const int64_t headSteps = perEpoch * head.epochs;
  const int64_t total = headSteps + perEpoch * cfg.epochs;
  OffsetObserver first(observer, 0, total);
  TrainResult a = train(model, in, head, loss, seed, device, &first, cancel);
  setBackboneFrozen(model, false);
  OffsetObserver second(observer, headSteps, total);
  TrainResult b = train(model, in, cfg, loss, mixSeed(seed, 2), device, &second, cancel);
  for (EvalPoint p : b.curve) {
    p.step += a.steps;
    p.epoch += static_cast<double>(head.epochs);
    p.seconds += a.seconds;
    a.curve.push_back(p);
  }
  a.testProbs = b.testProbs;
  a.testLogProbs = b.testLogProbs;
  a.steps += b.steps;
  a.seconds += b.seconds;
  return a;
}

}  // namespace w2s
