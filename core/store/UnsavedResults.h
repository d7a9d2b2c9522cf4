#pragma once
// Results that could not be saved to a busy store, kept in side files beside it until a later
// run saves them: a finished job is never thrown away because someone held the store's lock.
#include <string>
#include <vector>

#include "core/store/RunStore.h"

namespace w2s {

/// The folder that holds `storePath`'s unsaved results ("<store>.unsaved").
std::string unsavedFolder(const std::string& storePath);

/// Writes `result` to its own small store file in unsavedFolder(storePath) (temporary name, then
/// rename) and returns the file's path. Throws StoreError naming the file when it cannot.
std::string keepUnsaved(const std::string& storePath, const JobResult& result);

/// Saves every kept result into `store` (a job already done there keeps its result) and removes
/// the side files that were saved. Returns the hashes saved; a side file that cannot be read is
/// left in place and named in `problems`.
std::vector<std::string> saveKeptResults(RunStore& store, std::vector<std::string>* problems);

/// Reads back every result of a store file (as saveResult would take it again).
std::vector<JobResult> readResults(const RunStore& store);

}  // namespace w2s
