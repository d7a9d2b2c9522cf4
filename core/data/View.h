#pragma once
// The supervisor's view of the input: the weak model trains and labels on a degraded copy.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace w2s {

/// {"name": "noisy", "type": "none"|"noise"|"downsample"|"occlude"|"partial", ...}
///  noise: "sigma" (Gaussian pixel/feature noise, fixed per example by seed and example id)
///  downsample: "factor" (images: average-pool by factor then upsample back, nearest)
///  occlude: "size" (images: a size×size square zeroed at a per-example fixed random place)
///  partial: "keep" (fraction of features kept, the rest zeroed; same features for all examples)
struct ViewSpec {
  std::string name = "clean";
  std::string type = "none";
  double sigma = 0.0;
  int factor = 1;
  int size = 0;
  double keep = 1.0;

  bool isIdentity() const { return type == "none"; }
  /// The fields that determine the view (name excluded), for content hashing.
  nlohmann::json toJson() const;
  static ViewSpec fromJson(const nlohmann::json& j, const std::string& where);
};

}  // namespace w2s
