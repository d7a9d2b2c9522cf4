#pragma once
// A task's input shape and class count, known from its spec without loading any data.
#include <cstdint>
#include <vector>

#include "core/data/TaskSpec.h"

namespace w2s {

/// What a model needs to know about a task to be built: per-example input shape and classes.
struct TaskShape {
  std::vector<int64_t> inputShape;  ///< e.g. {1, 28, 28} or {32}
  int numClasses = 0;
  bool tokens = false;  ///< inputs are int64 token ids (text tasks)
  int vocabSize = 0;    ///< text tasks: embedding rows a model needs
};

/// Shape of `task` as loadTask would produce it; throws SpecError for an unknown dataset.
/// csv/jsonl tasks are loaded (cached) to learn their classes and features.
TaskShape taskShape(const TaskSpec& task);

}  // namespace w2s
