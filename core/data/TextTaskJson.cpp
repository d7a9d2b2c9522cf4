#include "core/data/TextTaskJson.h"

#include <filesystem>

#include "core/data/TextCorpora.h"
#include "core/data/TextTask.h"
#include "core/util/Error.h"

using nlohmann::json;

namespace w2s {

void addTextTaskJson(const TaskSpec& t, json& j) {
  const TextCorpusInfo* corpus = findTextCorpus(t.dataset);
  if (corpus && !corpus->sources.empty()) j["source"] = t.source;
  if (isTableDataset(t.dataset)) {
    // Job hashes see the file's digest (when planned), not where it lies (jobHash).
    j["path"] = t.path;
    if (!t.pathSha256.empty()) j["path_sha256"] = t.pathSha256;
    j["label_column"] = t.labelColumn;
    if (!t.textColumn.empty()) {
      j["text_column"] = t.textColumn;
    } else {
      j["feature_columns"] = t.featureColumns;
    }
  }
  if (t.isText()) {
    j["vocab_size"] = t.vocabSize;
    j["max_len"] = t.maxLen;
  }
}

void parseTextTaskJson(const JsonFields& f, const json& j, TaskSpec& t) {
  const bool table = isTableDataset(t.dataset);
  const TextCorpusInfo* corpus = findTextCorpus(t.dataset);
  if (corpus && !corpus->sources.empty()) {
    f.allowOnly({"dataset", "train_size", "test_size", "source", "vocab_size", "max_len"});
    t.source = f.oneOf("source", corpus->defaultSource, corpus->sources);
  } else if (table) {
    f.allowOnly({"dataset", "train_size", "test_size", "path", "path_sha256", "text_column",
                 "feature_columns", "label_column", "vocab_size", "max_len"});
    t.path = f.string("path", "");
    t.pathSha256 = f.string("path_sha256", "");
    if (t.path.empty()) throw SpecError(f.path("path") + ": required, the file to import");
    t.textColumn = f.string("text_column", "");
    t.labelColumn = f.string("label_column", "label");
    if (t.labelColumn.empty()) throw SpecError(f.path("label_column") + ": expected a column name");
    if (f.has("feature_columns")) {
      if (!t.textColumn.empty()) {
        throw SpecError(f.path("feature_columns") +
                        ": expected either text_column or feature_columns, got both");
      }
      const json& cols = j.at("feature_columns");
      if (!cols.is_array()) {
        throw SpecError(f.path("feature_columns") + ": expected an array of column names, got " +
                        JsonFields::kind(cols));
      }
      for (size_t i = 0; i < cols.size(); ++i) {
        if (!cols[i].is_string() || cols[i].get<std::string>().empty()) {
          throw SpecError(f.path("feature_columns") + "[" + std::to_string(i) +
                          "]: expected a column name, got " + JsonFields::kind(cols[i]));
        }
        t.featureColumns.push_back(cols[i].get<std::string>());
      }
    }
  } else {
    f.allowOnly({"dataset", "train_size", "test_size", "vocab_size", "max_len"});
  }
  if (t.isText() || !table) {
    t.vocabSize = f.smallInt("vocab_size", t.vocabSize, 260, 1 << 24);
    t.maxLen = f.smallInt("max_len", t.maxLen, 2, 1 << 20);
  } else if (f.has("vocab_size") || f.has("max_len")) {
    throw SpecError(f.path(f.has("vocab_size") ? "vocab_size" : "max_len") +
                    ": only for text tasks (set text_column)");
  }
}

std::string textTaskLabelSuffix(const TaskSpec& t) {
  const TextCorpusInfo* corpus = findTextCorpus(t.dataset);
  if (corpus && !corpus->sources.empty()) return "(" + t.source + ")";
  if (isTableDataset(t.dataset)) {
    return "(" + std::filesystem::path(t.path).filename().string() + ")";
  }
  return "";
}

}  // namespace w2s
