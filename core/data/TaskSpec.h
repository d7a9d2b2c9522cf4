#pragma once
// What data a sweep trains on: a dataset, how its classes are grouped, and how much of it.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace w2s {

/// Knobs of the synthetic task: Gaussian inputs, labels from a hidden random teacher.
struct SyntheticSpec {
  int dim = 32;           ///< input dimension
  int classes = 2;        ///< number of classes
  int64_t nTrain = 8000;  ///< training examples generated
  int64_t nTest = 2000;   ///< test examples generated
  int teacherWidth = 64;  ///< hidden width of the nonlinear teacher
  double nonlinearity =
      0.5;                  ///< 0 = labels linear in x (easy for small models), 1 = fully nonlinear
  double labelNoise = 0.0;  ///< fraction of labels replaced by a uniformly random class
  uint64_t seed = 0;        ///< seed of the teacher and the inputs (not the sweep seed)

  nlohmann::json toJson() const;
  static SyntheticSpec fromJson(const nlohmann::json& j, const std::string& where);
};

/// A task: {"dataset": "fashion_mnist"|"synthetic"|"spam_assassin"|..., "groups": [[0,2],[5]]}.
struct TaskSpec {
  std::string dataset = "fashion_mnist";
  /// Empty = every class of the dataset is its own class. Otherwise task class i is the union of
  /// dataset classes groups[i]; examples of classes not listed are dropped.
  std::vector<std::vector<int>> groups;
  SyntheticSpec synthetic;  ///< used when dataset == "synthetic"
  int64_t trainSize = 0;    ///< training examples used (0 = all); split into halves A and B
  int64_t testSize = 0;     ///< test examples used (0 = all)

  // Text and imported tasks (core/data/TextTask.h): the text corpora of TextCorpora.h, "csv",
  // "jsonl". Text examples become int64 token ids [N, maxLen] of a byte-level BPE trained on the
  // task's training texts.
  std::string source = "all";  ///< a corpus with sources (sentiment: "amazon" | "imdb" | ...)
  std::string path;            ///< csv/jsonl: the file (rows split 80/20 into train/test)
  /// csv/jsonl: SHA-256 of the file's contents, filled in when a sweep is planned
  /// (withInputDigests); it, not the path, identifies the data in job hashes.
  std::string pathSha256;
  std::string textColumn;  ///< csv/jsonl: non-empty = a text task reading this column
  std::vector<std::string> featureColumns;  ///< csv/jsonl numeric task; empty = all but label
  std::string labelColumn = "label";        ///< csv/jsonl: the label column
  int vocabSize = 2000;  ///< text: BPE vocabulary size (4 specials + 256 bytes + merges)
  int maxLen = 128;      ///< text: tokens per example, <bos> included; longer texts are cut

  /// True when examples are texts (token ids), false for images and numeric features.
  bool isText() const;

  nlohmann::json toJson() const;
  /// Parses; `where` prefixes error messages (e.g. "sweep.json: task"). Throws SpecError.
  static TaskSpec fromJson(const nlohmann::json& j, const std::string& where);
  /// Short human label, e.g. "fashion_mnist[0,2,4,6|5,7,9]".
  std::string label() const;
};

}  // namespace w2s
