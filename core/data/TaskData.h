#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/data/TaskSpec.h"

namespace w2s {

class BpeTokenizer;

/// Examples of one split. x: float32 [N, inputShape...] scaled to about [0,1] (images) or
/// standardized (synthetic); y: int64 [N] task class ids; ids: int64 [N] stable example ids
/// (index in the original file) used to fix per-example view noise.
struct Dataset {
  torch::Tensor x;
  torch::Tensor y;
  torch::Tensor ids;
  int64_t size() const { return y.defined() ? y.size(0) : 0; }
};

/// A loaded task. Immutable once loaded; shared across worker threads.
struct TaskData {
  TaskSpec spec;
  std::string name;
  Dataset train;
  Dataset test;
  int numClasses = 0;
  std::vector<int64_t> inputShape;  ///< per example, e.g. {1, 28, 28} or {32}
  std::vector<std::string> classNames;

  // Text tasks (core/data/TextTask.h). x then holds int64 token ids [N, maxLen]: <bos>, the
  // text's first maxLen - 1 tokens, then <pad> = 0 (which no text token uses); inputShape is
  // {maxLen}.
  bool tokens = false;  ///< x holds token ids, not float features
  int vocabSize = 0;    ///< rows an embedding table needs (the task's vocab_size)
  /// Trained on every text of the training split (train_size does not change it).
  std::shared_ptr<const BpeTokenizer> tokenizer;
  /// int64 [T]: every text of the training (test) split, whole, as <bos> tokens <eos>,
  /// concatenated in split order, train_size / test_size ignored: the unlabeled corpus for
  /// next-token pretraining (and its held-out loss).
  torch::Tensor trainStream, testStream;
  int64_t truncatedTrain = 0;  ///< training examples longer than maxLen (cut, never dropped)
  int64_t truncatedTest = 0;   ///< test examples longer than maxLen
};

/// Loads (and caches per process, keyed by the spec) a task. thread-safety: safe from any thread.
/// Throws DataError (missing/corrupt files) or SpecError (bad groups).
std::shared_ptr<const TaskData> loadTask(const TaskSpec& spec);

}  // namespace w2s
