#include "core/io/NdArray.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#include "core/util/Error.h"

namespace w2s {

// Files store little-endian bytes and arrays keep them as they are.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "NdArray assumes a little-endian host");

namespace {

// Half-precision and bfloat16 widen exactly to float32.
float halfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  const uint32_t exponent = (h >> 10) & 0x1F;
  uint32_t mantissa = h & 0x3FF;
  uint32_t bits;
  if (exponent == 0x1F) {
    bits = sign | 0x7F800000 | (mantissa << 13);  // inf / nan
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;  // signed zero
  } else {
    // Subnormal: shift until the implicit bit appears.
    int e = -1;
    do {
      ++e;
      mantissa <<= 1;
    } while ((mantissa & 0x400) == 0);
    bits = sign | (static_cast<uint32_t>(112 - e) << 23) | ((mantissa & 0x3FF) << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

float bf16ToFloat(uint16_t b) {
  const uint32_t bits = static_cast<uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

template <class T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <class T>
NdArray make(DType dtype, std::vector<int64_t> shape, const std::vector<T>& values) {
  NdArray a;
  a.dtype = dtype;
  a.shape = std::move(shape);
  if (a.numel() != static_cast<int64_t>(values.size())) {
    throw std::invalid_argument("NdArray: " + std::to_string(values.size()) +
                                " values do not fill shape " + a.describe());
  }
  a.data.resize(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(a.data.data(), values.data(), a.data.size());
  return a;
}

}  // namespace

int dtypeSize(DType t) {
  switch (t) {
    case DType::F32:
    case DType::I32:
      return 4;
    case DType::F64:
    case DType::I64:
      return 8;
    case DType::F16:
    case DType::BF16:
      return 2;
  }
  return 0;
}

std::string dtypeName(DType t) {
  switch (t) {
    case DType::F32:
      return "F32";
    case DType::F64:
      return "F64";
    case DType::I64:
      return "I64";
    case DType::I32:
      return "I32";
    case DType::F16:
      return "F16";
    case DType::BF16:
      return "BF16";
  }
  return "?";
}

namespace {

/// Conversions read numel() elements: the data must hold exactly that many.
void requireSize(const NdArray& a) {
  if (a.byteSize() != a.data.size()) {
    throw DataError("array " + a.describe() + " holds " + std::to_string(a.data.size()) +
                    " bytes, expected " + std::to_string(a.byteSize()));
  }
}

}  // namespace

int64_t NdArray::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) throw DataError("array " + describe() + ": expected dimensions >= 0");
    if (__builtin_mul_overflow(n, d, &n)) {
      throw DataError("array " + describe() + ": the element count overflows 64 bits");
    }
  }
  return n;
}

uint64_t NdArray::byteSize() const {
  uint64_t bytes = 0;
  if (__builtin_mul_overflow(static_cast<uint64_t>(numel()),
                             static_cast<uint64_t>(dtypeSize(dtype)), &bytes) ||
      bytes > static_cast<uint64_t>(INT64_MAX)) {
    throw DataError("array " + describe() + ": the byte size overflows 64 bits");
  }
  return bytes;
}

template <class T>
const T* NdArray::as() const {
  constexpr bool isF32 = std::is_same_v<T, float>, isF64 = std::is_same_v<T, double>;
  constexpr bool isI64 = std::is_same_v<T, int64_t>, isI32 = std::is_same_v<T, int32_t>;
  const bool ok = (isF32 && dtype == DType::F32) || (isF64 && dtype == DType::F64) ||
                  (isI64 && dtype == DType::I64) || (isI32 && dtype == DType::I32);
  if (!ok) throw DataError("array " + describe() + " viewed with a different element type");
  return reinterpret_cast<const T*>(data.data());
}
template const float* NdArray::as<float>() const;
template const double* NdArray::as<double>() const;
template const int64_t* NdArray::as<int64_t>() const;
template const int32_t* NdArray::as<int32_t>() const;

std::vector<float> NdArray::toFloat32() const {
  const int64_t n = numel();
  requireSize(*this);
  std::vector<float> out(static_cast<size_t>(n));
  const uint8_t* p = data.data();
  const int size = dtypeSize(dtype);
  for (int64_t i = 0; i < n; ++i, p += size) {
    switch (dtype) {
      case DType::F32:
        out[i] = load<float>(p);
        break;
      case DType::F64:
        out[i] = static_cast<float>(load<double>(p));
        break;
      case DType::I64:
        out[i] = static_cast<float>(load<int64_t>(p));
        break;
      case DType::I32:
        out[i] = static_cast<float>(load<int32_t>(p));
        break;
      case DType::F16:
        out[i] = halfToFloat(load<uint16_t>(p));
        break;
      case DType::BF16:
        out[i] = bf16ToFloat(load<uint16_t>(p));
        break;
    }
  }
  return out;
}

std::vector<int64_t> NdArray::toInt64() const {
  if (dtype != DType::I64 && dtype != DType::I32) {
    throw DataError("array " + describe() + ": expected an integer array (I64 or I32)");
  }
  const int64_t n = numel();
  requireSize(*this);
  std::vector<int64_t> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    out[i] = dtype == DType::I64 ? load<int64_t>(data.data() + 8 * i)
                                 : load<int32_t>(data.data() + 4 * i);
  }
  return out;
}

std::string NdArray::describe() const {
  std::string s = dtypeName(dtype) + "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

NdArray NdArray::fromFloat32(std::vector<int64_t> shape, const std::vector<float>& values) {
  return make(DType::F32, std::move(shape), values);
}
NdArray NdArray::fromFloat64(std::vector<int64_t> shape, const std::vector<double>& values) {
  return make(DType::F64, std::move(shape), values);
}
NdArray NdArray::fromInt64(std::vector<int64_t> shape, const std::vector<int64_t>& values) {
  return make(DType::I64, std::move(shape), values);
}

}  // namespace w2s
