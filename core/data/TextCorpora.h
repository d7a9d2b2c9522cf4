#pragma once
// The built-in text corpora, each registered once (TextCorpora.cpp): its name, summary, classes,
// the task fields it reads and how its labelled texts are read. The sweep parser, task labels
// and shapes (planning reads no data), loading and the designer's dataset list follow from the
// table. Imported tables ("csv", "jsonl") are not corpora: TextTask.cpp reads them.
#include <functional>
#include <string>
#include <vector>

#include "core/text/TextCorpus.h"

namespace w2s {

/// A corpus's labelled texts as read. With an empty `test`, the task cuts `train` by a fixed
/// shuffle (20 % test, the same for every sweep).
struct CorpusTexts {
  std::vector<TextExample> train, test;
};

struct TextCorpusInfo {
  std::string name;     ///< the task's "dataset"
  std::string summary;  ///< one line for docs and tooltips
  std::vector<std::string> classNames;
  /// Values of the task field "source" (which part of the corpus), or empty when the corpus
  /// has no such field; defaultSource is one of them.
  std::vector<std::string> sources;
  std::string defaultSource;
  /// Reads the texts of `source` (the task's, "" without sources). Throws DataError naming the
  /// missing file and the install step.
  std::function<CorpusTexts(const std::string& source)> read;
};

/// Every built-in corpus, in the order the designer lists them.
const std::vector<TextCorpusInfo>& textCorpusRegistry();

/// The corpus named `name`, or nullptr.
const TextCorpusInfo* findTextCorpus(const std::string& name);

}  // namespace w2s
