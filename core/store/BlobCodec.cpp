#include "core/store/BlobCodec.h"

#include <cstring>
#include <type_traits>

#include "core/util/Error.h"

namespace w2s {

namespace {

// Byte order is fixed (little-endian) so that a store copied between machines, and numpy's
// '<f4' / '<i8', read the same numbers.
template <typename Int>
void putLe(Int value, uint8_t* out) {
  using U = std::make_unsigned_t<Int>;
  U u = static_cast<U>(value);
  for (size_t b = 0; b < sizeof(Int); ++b) out[b] = static_cast<uint8_t>((u >> (8 * b)) & 0xFF);
}

template <typename Int>
Int getLe(const uint8_t* in) {
  using U = std::make_unsigned_t<Int>;
  U u = 0;
  for (size_t b = 0; b < sizeof(Int); ++b) u |= static_cast<U>(in[b]) << (8 * b);
  return static_cast<Int>(u);
}

void checkSize(const std::vector<uint8_t>& bytes, size_t width, const std::string& what) {
  if (bytes.size() % width != 0) {
    throw StoreError(what + ": blob of " + std::to_string(bytes.size()) +
                     " bytes is not a whole number of " + std::to_string(width) + "-byte values");
  }
}

}  // namespace

std::vector<uint8_t> encodeFloat32(const std::vector<float>& values) {
  std::vector<uint8_t> out(values.size() * 4);
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t bits;
    std::memcpy(&bits, &values[i], 4);
    putLe<uint32_t>(bits, &out[i * 4]);
  }
  return out;
}

std::vector<float> decodeFloat32(const std::vector<uint8_t>& bytes, const std::string& what) {
  checkSize(bytes, 4, what);
  std::vector<float> out(bytes.size() / 4);
  for (size_t i = 0; i < out.size(); ++i) {
    const uint32_t bits = getLe<uint32_t>(&bytes[i * 4]);
    std::memcpy(&out[i], &bits, 4);
  }
  return out;
}

std::vector<uint8_t> encodeInt32(const std::vector<int>& values) {
  std::vector<uint8_t> out(values.size() * 4);
  for (size_t i = 0; i < values.size(); ++i)
    putLe<int32_t>(static_cast<int32_t>(values[i]), &out[i * 4]);
  return out;
}

std::vector<int> decodeInt32(const std::vector<uint8_t>& bytes, const std::string& what) {
  checkSize(bytes, 4, what);
  std::vector<int> out(bytes.size() / 4);
  for (size_t i = 0; i < out.size(); ++i) out[i] = getLe<int32_t>(&bytes[i * 4]);
  return out;
}

std::vector<uint8_t> encodeInt64(const std::vector<int64_t>& values) {
  std::vector<uint8_t> out(values.size() * 8);
  for (size_t i = 0; i < values.size(); ++i) putLe<int64_t>(values[i], &out[i * 8]);
  return out;
}

std::vector<int64_t> decodeInt64(const std::vector<uint8_t>& bytes, const std::string& what) {
  checkSize(bytes, 8, what);
  std::vector<int64_t> out(bytes.size() / 8);
  for (size_t i = 0; i < out.size(); ++i) out[i] = getLe<int64_t>(&bytes[i * 8]);
  return out;
}

}  // namespace w2s
