#pragma once
// Imports result folders written by EleutherAI/w2s (run.py with w2s/sft.py): one folder per
// stage — weak (or floor), strong (or ceil), w2s, s2s-N — each with config.json and
// results.json, checkpoints holding trainer_state.json when the run kept them (docs/interop.md).
#include <string>

#include "core/interop/ImportWriter.h"
#include "core/interop/ImportedRun.h"

namespace w2s {

class RunStore;

/// Reads every stage folder under `folder` (the folder itself included), its role from the
/// folder name, and links each w2s stage to the weak stage and the strong stage of the same
/// dataset, seed and model names (nearest folder first); an s2s-N stage is supervised by the
/// stage before it in the same folder. Throws DataError naming the file when a stage's
/// config.json or results.json is malformed, or when the folder holds no stage.
ImportBatch readEleutherResults(const std::string& folder);

/// readEleutherResults, then writeImport.
ImportSummary importEleutherResults(RunStore& store, const std::string& folder);

}  // namespace w2s
