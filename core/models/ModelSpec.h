#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace w2s {

/// One member of a model ladder.
///  mlp: "width" hidden units in each of "depth" hidden layers (ReLU); depth 0 = linear model.
///  cnn: two conv blocks with "channels" and 2*"channels" filters (3×3, ReLU, max-pool 2),
///       then a linear head; needs image input [1, H, W].
struct ModelSpec {
  std::string name;           ///< ladder name, e.g. "w16" (not part of the content hash)
  std::string family = "mlp";
  int width = 64;
  int depth = 1;
  int channels = 8;

  /// Fields that determine the architecture (name excluded), for content hashing.
  nlohmann::json toJson() const;
  static ModelSpec fromJson(const nlohmann::json& j, const std::string& where);
};

}  // namespace w2s
