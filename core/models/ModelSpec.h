#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace w2s {

/// One member of a model ladder.
///  mlp: "width" hidden units in each of "depth" hidden layers (ReLU); depth 0 = linear model.
///  cnn: two conv blocks with "channels" and 2*"channels" filters (3×3, ReLU, max-pool 2),
///       then a linear head; needs image input [1, H, W].
///  transformer: decoder-only, token + position embeddings, "layers" pre-LN blocks of causal
///       self-attention ("heads") and a GELU MLP ("d_ff"), width "d_model"; a linear head on the
///       last token's or the mean final hidden state ("pooling"); needs token input.
///  glove: frozen GloVe vectors of the example's words, mean-pooled, then an mlp head
///       ("width", "depth"; depth 0 = linear probe).
///  bow: TF-IDF of the hashed word ("ngrams") and character ("char_ngrams") n-grams of the
///       example's words, "buckets" columns, then an mlp head ("width", "depth").
///  embeddings: rows of an imported .npy/.safetensors file ("path") as features, mlp head.
///  torchscript: an imported TorchScript module ("path") mapping inputs to features, finetuned
///       with a linear head.
/// The ladder families, in the order the docs and the designer list them.
const std::vector<std::string>& modelFamilies();

struct ModelSpec {
  std::string name;  ///< ladder name, e.g. "w16" (not part of the content hash)
  std::string family = "mlp";
  int width = 64;
  int depth = 1;
  int channels = 8;
  int dModel = 64;               ///< transformer: width of the residual stream
  int layers = 2;                ///< transformer: blocks
  int heads = 4;                 ///< transformer: attention heads (divide d_model)
  int dFF = 0;                   ///< transformer: MLP hidden units; 0 = 4 * d_model
  std::string pooling = "last";  ///< transformer: "last" (last non-pad token) | "mean"
  /// transformer, cnn: start from the backbone of this size's pretrain job (hashed).
  bool pretrained = false;
  /// transformer: token embeddings of BPE tokens that are whole words start from their GloVe
  /// vectors, projected to d_model (core/run/ModelInputs.h, initEmbeddingsFromGlove); hashed.
  bool gloveInit = false;
  /// glove: "glove" (the pretrained vectors) or "random" (each known word gets a fixed random
  /// vector of its GloVe vector's length: the same architecture without pretrained knowledge).
  std::string vectors = "glove";
  int buckets = 16384;  ///< bow: feature columns n-grams are hashed into
  int ngrams = 2;       ///< bow: word n-grams of length 1 … ngrams
  int charNgrams = 0;   ///< bow: character n-grams of length 3 … char_ngrams (0 = none)
  std::string path;  ///< embeddings, torchscript: the imported file
  /// embeddings, torchscript: SHA-256 of the file, filled in when a sweep is planned.
  std::string pathSha256;

  /// d_ff with its default applied.
  int ffWidth() const { return dFF > 0 ? dFF : 4 * dModel; }

  /// Fields that determine the architecture (name excluded), for content hashing.
  nlohmann::json toJson() const;
  static ModelSpec fromJson(const nlohmann::json& j, const std::string& where);
};

}  // namespace w2s
