#pragma once
// Imports result folders written by openai/weak-to-strong (train_simple.py, sweep.py): one
// folder per run holding config.json and results_summary.json, plus log.jsonl when the run
// logged training (docs/interop.md).
#include <string>

#include "core/interop/ImportWriter.h"
#include "core/interop/ImportedRun.h"

namespace w2s {

class RunStore;

/// Reads every run folder under `folder` (the folder itself included) and links each
/// weak-to-strong run to its supervisor (the ground-truth run its nested "weak_model" config
/// describes) and its ceiling (the ground-truth run of its own model, same dataset and seed).
/// Throws DataError naming the file when a run's config.json or results_summary.json is missing
/// or malformed, or when the folder holds no run.
ImportBatch readOpenAiResults(const std::string& folder);

/// readOpenAiResults, then writeImport.
ImportSummary importOpenAiResults(RunStore& store, const std::string& folder);

}  // namespace w2s
