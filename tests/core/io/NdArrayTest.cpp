#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "core/io/NdArray.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

NdArray halfArray(DType t, const std::vector<uint16_t>& bits) {
  NdArray a;
  a.dtype = t;
  a.shape = {static_cast<int64_t>(bits.size())};
  a.data.resize(bits.size() * 2);
  std::memcpy(a.data.data(), bits.data(), a.data.size());
  return a;
}

TEST(NdArrayTest, HalfAndBfloat16WidenExactly) {
  // 1, -2, 65504 (largest half), 2^-24 (smallest subnormal), 2^-14 (smallest normal), +inf.
  const auto f16 = halfArray(DType::F16, {0x3C00, 0xC000, 0x7BFF, 0x0001, 0x0400, 0x7C00});
  const auto v = f16.toFloat32();
  EXPECT_EQ(v[0], 1.f);
  EXPECT_EQ(v[1], -2.f);
  EXPECT_EQ(v[2], 65504.f);
  EXPECT_EQ(v[3], std::ldexp(1.f, -24));
  EXPECT_EQ(v[4], std::ldexp(1.f, -14));
  EXPECT_EQ(v[5], std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(halfArray(DType::F16, {0x7E00}).toFloat32()[0]));
  const auto bf = halfArray(DType::BF16, {0x3F80, 0xC0A0});
  EXPECT_EQ(bf.toFloat32(), (std::vector<float>{1.f, -5.f}));
}

TEST(NdArrayTest, ConversionsShapesAndTypeChecks) {
  const auto i = NdArray::fromInt64({2, 2}, {1, -2, 3, 4});
  EXPECT_EQ(i.numel(), 4);
  EXPECT_EQ(i.describe(), "I64[2,2]");
  EXPECT_EQ(i.toFloat32(), (std::vector<float>{1, -2, 3, 4}));
  EXPECT_EQ(i.as<int64_t>()[1], -2);
  EXPECT_THROW(i.as<float>(), DataError);
  const auto d = NdArray::fromFloat64({2}, {0.5, -1.5});
  EXPECT_EQ(d.toFloat32(), (std::vector<float>{0.5f, -1.5f}));
  EXPECT_THROW(d.toInt64(), DataError);
  EXPECT_THROW(NdArray::fromFloat32({3}, {1.f}), std::invalid_argument);
  EXPECT_EQ(NdArray::fromFloat32({}, {2.f}).numel(), 1);
}

TEST(NdArrayTest, ElementCountAndByteSizeAreChecked) {
  NdArray a;
  a.shape = {int64_t{1} << 40, int64_t{1} << 40};
  EXPECT_THROW(a.numel(), DataError);
  a.shape = {3, -1};
  EXPECT_THROW(a.numel(), DataError);
  a.shape = {int64_t{1} << 62};  // fits int64, but not as F32 bytes
  EXPECT_EQ(a.numel(), int64_t{1} << 62);
  EXPECT_THROW(a.byteSize(), DataError);
  a.shape = {2, 3};
  EXPECT_EQ(a.byteSize(), 24u);
  // A shape that does not match the bytes is an error, not a read past the end.
  a.data.assign(8, 0);
  EXPECT_THROW(a.toFloat32(), DataError);
}

}  // namespace
}  // namespace w2s
