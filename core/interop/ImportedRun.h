#pragma once
// A training run read from another code base's result folder, before it becomes jobs in the
// store (docs/interop.md).
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/train/EvalPoint.h"

namespace w2s {

struct ImportedRun {
  std::string path;   ///< the run folder
  std::string stage;  ///< e.g. "ground truth", "w2s", "s2s-0" (display and matching)
  /// Ground-truth runs become a weak job, a ceiling job or both, as the students need them.
  bool groundTruth = false;
  bool asWeak = false;
  bool asCeiling = false;

  std::string task;   ///< dataset name
  std::string model;  ///< model name as the source wrote it (e.g. "gpt2-medium")
  uint64_t seed = 0;
  std::string loss = "xent";  ///< display label of the training loss
  nlohmann::json lossConfig;  ///< the loss as the source described it (object), or null
  nlohmann::json train;       ///< hyperparameters mapped to TrainConfig names where they exist
  nlohmann::json original;    ///< config.json as read
  nlohmann::json results;     ///< the results file as read
  double accuracy = 0.0;      ///< final test accuracy
  double auroc = std::numeric_limits<double>::quiet_NaN();  ///< test AUROC when the source has it
  std::vector<EvalPoint> curve;  ///< evaluations during training, when the source logged them
  int64_t params = 0;            ///< parameter count when known (0 = unknown)

  /// Students: "direct" (trained on a weak model's labels) or, for a student trained on another
  /// student's labels, the name of the method (e.g. "s2s-0"); `chainStep` counts the students from
  /// the weak model to this one, itself included (as labels.method / labels.chain_steps of
  /// planned bootstrap chains).
  std::string method = "direct";
  int chainStep = 1;

  // Students only: indices into the run list (-1 = not found in the imported folder).
  int supervisor = -1;  ///< the run whose labels it trained on
  int weakRoot = -1;    ///< the ground-truth weak model at the start of the chain (PGR baseline)
  int ceiling = -1;     ///< the ground-truth run of the student's own model
};

/// What an importer read from a folder, ready to store.
struct ImportBatch {
  std::string folder;
  std::string format;  ///< "openai/weak-to-strong" | "EleutherAI/w2s"
  std::vector<ImportedRun> runs;
  std::vector<std::string> warnings;  ///< runs skipped or left without a supervisor/ceiling
};

}  // namespace w2s
