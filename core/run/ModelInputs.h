#pragma once
// What a ladder member sees of a task: the task's own inputs, or features computed from them.
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/data/TaskData.h"
#include "core/models/ModelSpec.h"
#include "core/text/BpeTokenizer.h"

namespace w2s {

/// Inputs of one model for the task's training rows and test rows (same order as the task).
struct ModelInputs {
  torch::Tensor train;
  torch::Tensor test;
  /// Facts about computed features that every job using them records in its summary (glove:
  /// "glove_oov_rate" and "glove_oov_types", over the training and test texts it reads).
  nlohmann::json facts = nlohmann::json::object();
};

/// mlp, cnn, transformer, torchscript: the task's x. bow: TF-IDF of the hashed n-grams of each
/// example's model-visible text (BagOfWords, fitted on the training rows), float32
/// [N, buckets]. glove: the mean GloVe vector of the words
/// each example's model-visible text holds (its first max_len - 1 tokens, decoded), float32
/// [N, 100]; words are the example's runs of letters and digits, looked up as written, then
/// lowercased; unknown words are skipped (no known word: a zero vector); with vectors "random"
/// each known word has a fixed random vector of its GloVe vector's length instead. embeddings: the
/// rows of spec.path, which must hold the task's training rows then its test rows, in the order the
/// task loads them. Computed once per process per task and file. Throws DataError / SpecError.
ModelInputs modelInputs(const ModelSpec& spec, const TaskData& task);

/// Initialises the token embeddings ("tok.weight") of a transformer from GloVe: every BPE token
/// that is one whole word (optional leading spaces, then letters/digits only) and is in GloVe
/// (as written, else lowercased) gets its vector times a fixed random projection 100 -> d_model
/// (seeded by `seed`; Johnson-Lindenstrauss keeps the words' similarities), rescaled to the
/// embeddings' initial standard deviation. Other rows keep their initialisation. Returns how
/// many rows were set. Throws DataError when the GloVe data is not installed.
int64_t initEmbeddingsFromGlove(torch::nn::Module& model, const BpeTokenizer& tokenizer,
                                uint64_t seed);

/// How much of a text's words GloVe knows (the words glove pooling looks up: runs of ASCII letters
/// and digits and of non-ASCII bytes, as written, else lowercased).
struct WordCoverage {
  int64_t words = 0;       ///< word occurrences
  int64_t known = 0;       ///< occurrences found in GloVe
  int64_t types = 0;       ///< distinct words
  int64_t knownTypes = 0;  ///< distinct words found in GloVe
  double oovRate() const { return words ? 1.0 - static_cast<double>(known) / words : 0.0; }
};

/// GloVe's coverage of `texts`. Throws DataError when the GloVe data is not installed.
WordCoverage gloveCoverage(const std::vector<std::string>& texts);

}  // namespace w2s
