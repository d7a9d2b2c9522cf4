#pragma once
// Little-endian encoding of numeric arrays stored as SQLite blobs (layout in docs/store-schema.md).
#include <cstdint>
#include <string>
#include <vector>

namespace w2s {

/// float32 little-endian bytes of `values`.
std::vector<uint8_t> encodeFloat32(const std::vector<float>& values);
/// Inverse of encodeFloat32; throws StoreError naming `what` when the size is not a multiple of 4.
std::vector<float> decodeFloat32(const std::vector<uint8_t>& bytes, const std::string& what);

/// int32 little-endian bytes of `values` (each must fit in int32).
std::vector<uint8_t> encodeInt32(const std::vector<int>& values);
/// Inverse of encodeInt32; throws StoreError naming `what` on a bad size.
std::vector<int> decodeInt32(const std::vector<uint8_t>& bytes, const std::string& what);

/// int64 little-endian bytes of `values`.
std::vector<uint8_t> encodeInt64(const std::vector<int64_t>& values);
/// Inverse of encodeInt64; throws StoreError naming `what` on a bad size.
std::vector<int64_t> decodeInt64(const std::vector<uint8_t>& bytes, const std::string& what);

}  // namespace w2s
