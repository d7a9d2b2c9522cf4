#pragma once
// Combining run stores by content hash (w2s merge): shard stores of a cluster sweep into one, or
// a laptop's store into the lab's. A job's hash names its whole configuration, so a job trained in
// two stores is the same job; what differs between stores is how far each got.
#include <cstdint>
#include <string>
#include <vector>

namespace w2s {

class RunStore;

/// What merging one input store changed in the output store.
struct MergeReport {
  std::string input;
  int64_t jobsAdded = 0;      ///< jobs the output did not have (any status)
  int64_t jobsCompleted = 0;  ///< done in the input, stored but not done in the output
  int64_t jobsIdentical = 0;  ///< done in both with the same results: nothing to do
  int64_t sweepsAdded = 0;    ///< sweep definitions the output did not have
  int64_t runsAdded = 0;      ///< sweep runs (rows of sweep_runs) the output did not have
  int64_t rowsChanged = 0;    ///< every row inserted or updated, all tables (0: nothing new)
  /// Jobs done in both stores with different results (final or best accuracy, best step, test
  /// predictions), and test truths of one task hash with different labels: the output keeps its
  /// own, and each is described here (hash and both values).
  std::vector<std::string> conflicts;
};

/// Merges the store at `inputPath` into `out` in one transaction: jobs, curves, predictions,
/// summaries, weights, test truths, sweeps (matched by name and spec), their job lists and runs.
/// A job done in the input replaces a pending, running, failed or cancelled row of the same hash
/// (with everything it produced); a job the input has not finished is added only when the output
/// lacks it, as pending when the input was running it (claims belong to the input's processes).
/// Merging the same input again changes nothing. The input is opened read-only (an older schema
/// is migrated first when the file is writable, otherwise refused). Throws StoreError naming the
/// input when it is missing, not a run store, newer than this program, or the output itself;
/// the output is then unchanged.
MergeReport mergeStore(RunStore& out, const std::string& inputPath);

}  // namespace w2s
