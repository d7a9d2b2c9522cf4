#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace w2s {

/// 64-bit FNV-1a of a byte string.
uint64_t fnv1a64(const std::string& bytes, uint64_t basis = 0xcbf29ce484222325ULL);

/// Content hash (SHA-256, 64 hex chars) of a JSON value: keys sorted, numbers in shortest
/// round-trip form, so equal configs hash equally whatever order their fields were written in.
std::string contentHash(const nlohmann::json& value);

/// contentHash of a config in which input files are named by their contents: wherever a
/// "path_sha256" stands beside a "path", the path is left out. Job hashes and the key of a task's
/// stored test labels.
std::string identityHash(const nlohmann::json& value);

/// The content hash of stores written before schema 4 (two FNV-1a passes, 32 hex chars): jobs
/// keep these hashes, and their task's test labels are found under it.
std::string legacyContentHash(const nlohmann::json& value);

/// Mixes a seed with up to two salts (splitmix64); used to derive per-purpose RNG seeds.
uint64_t mixSeed(uint64_t seed, uint64_t salt1, uint64_t salt2 = 0);

}  // namespace w2s
