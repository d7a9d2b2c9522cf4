#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/data/TaskSpec.h"

namespace w2s {

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
};

/// Loads (and caches per process, keyed by the spec) a task. thread-safety: safe from any thread.
/// Throws DataError (missing/corrupt files) or SpecError (bad groups).
std::shared_ptr<const TaskData> loadTask(const TaskSpec& spec);

}  // namespace w2s
