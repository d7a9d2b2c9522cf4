#pragma once
// Stores imported runs as finished jobs of a new sweep, in the shape the planner gives local
// jobs, so that collectOutcomes() computes PGR for them (docs/interop.md).
#include <cstdint>
#include <string>
#include <vector>

#include "core/interop/ImportedRun.h"

namespace w2s {

class RunStore;

struct ImportSummary {
  int64_t sweepId = 0;
  int weak = 0, ceilings = 0, students = 0;
  int studentsWithPgrInputs = 0;  ///< students whose supervisor and ceiling were found
  std::vector<std::string> warnings;
};

/// Adds the sweep "import: <folder>" and one done job per role of every run: a weak job for
/// ground-truth runs that supervise, a ceiling job for the other ground-truth runs and for those
/// that are a student's ceiling, a student job per student. Job hashes cover the source's config
/// and results but not the folder's path, so importing the same runs again (from anywhere)
/// updates the same jobs. Throws StoreError when the store cannot be written.
ImportSummary writeImport(RunStore& store, const ImportBatch& batch);

/// Content hash of an imported job's config (the "source" path left out) and its results.
std::string importedJobHash(const nlohmann::json& config, const nlohmann::json& results);

}  // namespace w2s
