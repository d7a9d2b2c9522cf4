#include "core/util/Hash.h"

#include <cstdio>

#include "core/util/Sha256.h"

namespace w2s {

uint64_t fnv1a64(const std::string& bytes, uint64_t basis) {
  uint64_t h = basis;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string contentHash(const nlohmann::json& value) {
  // nlohmann::json objects are std::map-backed, so dump() is already key-sorted (canonical).
  return sha256Hex(value.dump());
}

namespace {

nlohmann::json withoutDigestedPaths(const nlohmann::json& j) {
  if (!j.is_object()) return j;
  nlohmann::json out = nlohmann::json::object();
  const bool digested = j.contains("path_sha256");
  for (const auto& [key, value] : j.items()) {
    if (digested && key == "path") continue;
    out[key] = value.is_object() ? withoutDigestedPaths(value) : value;
  }
  return out;
}

}  // namespace

std::string identityHash(const nlohmann::json& value) {
  return contentHash(withoutDigestedPaths(value));
}

std::string legacyContentHash(const nlohmann::json& value) {
  const std::string canon = value.dump();
  const uint64_t a = fnv1a64(canon);
  const uint64_t b = fnv1a64(canon, 0x84222325cbf29ce4ULL ^ a);
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return buf;
}

uint64_t mixSeed(uint64_t seed, uint64_t salt1, uint64_t salt2) {
  auto splitmix = [](uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  };
  return splitmix(splitmix(splitmix(seed) ^ salt1) ^ salt2);
}

}  // namespace w2s
