#pragma once
// Text corpora and imported tables as tasks: labelled texts become token ids of a byte-level BPE
// trained on the task's training texts; numeric tables become standardized float features.
#include <memory>
#include <string>
#include <vector>

#include "core/data/TaskData.h"

namespace w2s {

/// The text corpora (TextCorpora.h, in registry order) and the table imports "csv", "jsonl".
const std::vector<std::string>& textAndTableDatasets();

/// True for a name of textAndTableDatasets().
bool isTextOrTableDataset(const std::string& dataset);

/// True for the table imports "csv" and "jsonl" (a file named by the task's path).
bool isTableDataset(const std::string& dataset);

/// Builds (does not cache: loadTask does) the task of a text corpus, "csv" or "jsonl" spec.
/// Corpora without a test split of their own (and csv/jsonl) are split by a fixed shuffle,
/// 20 % test, the same for every sweep.
/// Throws DataError (missing or corrupt files, naming the install step) or SpecError.
std::shared_ptr<const TaskData> buildTextTask(const TaskSpec& spec);

}  // namespace w2s
