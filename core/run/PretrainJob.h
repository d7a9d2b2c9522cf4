#pragma once
// Pretrain jobs of the sweep graph (JobKind::Pretrain) and loading their weights.
#include <torch/torch.h>

#include <mutex>
#include <string>

#include "core/store/RunStore.h"
#include "core/sweep/Plan.h"
#include "core/train/Trainer.h"

namespace w2s {

/// Serialises model initialisation across worker threads (torch's default generator is
/// process-global): hold it from torch::manual_seed until the model is built.
std::mutex& modelInitMutex();

/// Runs a pretrain job: builds the size's model (seeded by the pretrain settings' seed), trains
/// its backbone self-supervised on the task's unlabeled training inputs (next token for a
/// transformer on a text task, rotation prediction for a CNN on images), and returns the curve,
/// a summary and the weights ("torch-backbone"; text: also the tokenizer, "bpe-json").
JobResult executePretrainJob(const Job& job, const std::string& device, TrainObserver* observer,
                             const CancelToken* cancel);

/// The weights format of a stored backbone (every parameter not under "head.").
inline constexpr const char* kBackboneWeights = "torch-backbone";

/// Copies the backbone job `hash` stored (a pretrain job, or a student with "emit_backbone")
/// into `model`. Throws Error naming `where` and the job as `what` (e.g. "pretrain", "student")
/// when the store has no weights for it or they do not fit.
void loadStoredBackbone(torch::nn::Module& model, const std::string& hash, const std::string& what,
                        const RunStore& store, const std::string& where);

}  // namespace w2s
