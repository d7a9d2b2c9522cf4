#pragma once
// A dense n-dimensional array as stored in .npy and .safetensors files: dtype, shape, raw bytes.
#include <cstdint>
#include <string>
#include <vector>

namespace w2s {

/// Element types the file formats carry. F16/BF16 are read so that embeddings saved in half
/// precision import without a conversion step elsewhere.
enum class DType { F32, F64, I64, I32, F16, BF16 };

/// Bytes per element of `t`.
int dtypeSize(DType t);
/// Safetensors name of `t` ("F32", "BF16", ...).
std::string dtypeName(DType t);

/// Row-major (C order) array; `data` holds numel() elements in little-endian byte order.
struct NdArray {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;

  /// Product of the shape (1 for a scalar). Throws DataError on a negative dimension or a product
  /// that overflows int64 (a file's shape may lie).
  int64_t numel() const;
  /// Bytes numel() elements take: checked like numel().
  uint64_t byteSize() const;
  /// Typed view of the data; the caller picks T matching dtype (checked: throws DataError).
  template <class T>
  const T* as() const;
  /// Every element converted to float32 (any dtype).
  std::vector<float> toFloat32() const;
  /// Every element converted to int64 (integer dtypes only; throws DataError otherwise).
  std::vector<int64_t> toInt64() const;
  /// "F32[3,4]"-style description for messages.
  std::string describe() const;

  /// A float32 array of `shape` holding `values` (size must match; throws std::invalid_argument).
  static NdArray fromFloat32(std::vector<int64_t> shape, const std::vector<float>& values);
  /// A float64 array of `shape` holding `values`.
  static NdArray fromFloat64(std::vector<int64_t> shape, const std::vector<double>& values);
  /// An int64 array of `shape` holding `values`.
  static NdArray fromInt64(std::vector<int64_t> shape, const std::vector<int64_t>& values);

  bool operator==(const NdArray& o) const {
    return dtype == o.dtype && shape == o.shape && data == o.data;
  }
};

}  // namespace w2s
