#pragma once
// Student training modes (TrainConfig::mode): finetune, linear probe, head first then full.
#include "core/train/Trainer.h"

namespace w2s {

/// Freezes (requires_grad false) or unfreezes every parameter of `model` outside the head
/// ("head.*", isHeadParameter). Returns how many parameters were changed.
int64_t setBackboneFrozen(Classifier& model, bool frozen);

/// train() in cfg.mode: "finetune" trains everything; "linear_probe" trains the head with the
/// backbone frozen (gradients never reach it); "head_then_full" runs cfg.headEpochs epochs of
/// linear probe, then cfg.epochs of finetuning with a fresh optimiser and schedule (the loss's
/// warm-up restarts too), one curve with continuing step numbers. Every parameter is trainable
/// again afterwards. Throws SpecError for an unknown mode.
TrainResult trainWithMode(Classifier& model, const TrainInputs& in, const TrainConfig& cfg,
                          const LossSpec& loss, uint64_t seed, torch::Device device,
                          TrainObserver* observer = nullptr, const CancelToken* cancel = nullptr);

}  // namespace w2s
