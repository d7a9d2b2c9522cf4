#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "core/io/Npy.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"
#include "tests/core/io/TempDir.h"

namespace w2s {
namespace {

class NpyTest : public TempDirTest {};

TEST_F(NpyTest, RoundTripsEachDtypeAndShape) {
  const std::vector<NdArray> arrays = {
      NdArray::fromFloat32({2, 3}, {1.5f, -2.f, 3.25f, 0.f, 1e-8f, 7.f}),
      NdArray::fromFloat64({4}, {1.0 / 3.0, -1e300, 0.0, 2.5}),
      NdArray::fromInt64({3, 1, 2}, {0, -1, 1LL << 62, 5, 6, 7}),
      NdArray::fromFloat32({}, {42.f}),
      NdArray::fromFloat32({0, 5}, {}),
  };
  for (size_t i = 0; i < arrays.size(); ++i) {
    const std::string p = path("a" + std::to_string(i) + ".npy");
    writeNpy(p, arrays[i]);
    EXPECT_EQ(readNpy(p), arrays[i]) << arrays[i].describe();
    // Data starts 64-byte aligned, as NumPy writes it.
    const std::string bytes = readTextFile(p);
    EXPECT_EQ((bytes.size() - arrays[i].data.size()) % 64, 0u);
  }
}

TEST_F(NpyTest, ReadsWhatNumpyWritesAndNumpyReadsWhatWeWrite) {
  const std::string py = pythonWithNumpy();
  if (py.empty()) GTEST_SKIP() << "python3 with numpy not found (apt-get install python3-numpy)";
  const std::string script = write("w.py", R"(import numpy as np, sys
d = sys.argv[1]
np.save(d + '/f4.npy', np.arange(12, dtype='<f4').reshape(3, 4) / 8)
np.save(d + '/f8.npy', np.array([0.1, -2.5, 1e-300]))
np.save(d + '/i8.npy', np.array([[1, -2], [3, 2**40]], dtype=np.int64))
np.save(d + '/f2.npy', np.array([0.5, -3.0, 65504.0], dtype=np.float16))
with open(d + '/v2.npy', 'wb') as f:
    np.lib.format.write_array(f, np.arange(5, dtype='<i8'), version=(2, 0))
np.save(d + '/fortran.npy', np.asfortranarray(np.ones((2, 3), dtype='<f4')))
np.save(d + '/big.npy', np.ones(3, dtype='>f4'))
np.save(d + '/u1.npy', np.ones(3, dtype='u1'))
)");
  ASSERT_EQ(std::system((py + " " + script + " " + dir_.string()).c_str()), 0);

  const NdArray f4 = readNpy(path("f4.npy"));
  EXPECT_EQ(f4.shape, (std::vector<int64_t>{3, 4}));
  ASSERT_EQ(f4.dtype, DType::F32);
  for (int i = 0; i < 12; ++i) EXPECT_FLOAT_EQ(f4.as<float>()[i], i / 8.f);
  const NdArray f8 = readNpy(path("f8.npy"));
  EXPECT_EQ(f8.shape, (std::vector<int64_t>{3}));
  EXPECT_DOUBLE_EQ(f8.as<double>()[2], 1e-300);
  EXPECT_EQ(readNpy(path("i8.npy")).toInt64(), (std::vector<int64_t>{1, -2, 3, 1LL << 40}));
  EXPECT_EQ(readNpy(path("f2.npy")).toFloat32(), (std::vector<float>{0.5f, -3.f, 65504.f}));
  EXPECT_EQ(readNpy(path("v2.npy")).toInt64(), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  EXPECT_NE(errorOf([&] { readNpy(path("fortran.npy")); }).find("Fortran order"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { readNpy(path("big.npy")); }).find("big-endian"), std::string::npos);
  EXPECT_NE(errorOf([&] { readNpy(path("u1.npy")); }).find("not supported"), std::string::npos);

  // The other direction: NumPy loads our file with the same values.
  writeNpy(path("ours.npy"), NdArray::fromFloat32({2, 2}, {1.f, 2.f, 3.f, 4.5f}));
  const std::string check = write("r.py", R"(import numpy as np, sys
a = np.load(sys.argv[1])
assert a.dtype == np.float32 and a.shape == (2, 2), (a.dtype, a.shape)
assert (a == np.array([[1, 2], [3, 4.5]], dtype=np.float32)).all(), a
)");
  EXPECT_EQ(std::system((py + " " + check + " " + path("ours.npy")).c_str()), 0);
}

TEST_F(NpyTest, CorruptFilesNameTheFileAndTheProblem) {
  writeNpy(path("ok.npy"), NdArray::fromFloat32({4, 4}, std::vector<float>(16, 1.f)));
  const std::string bytes = readTextFile(path("ok.npy"));
  const std::string truncated = write("trunc.npy", bytes.substr(0, bytes.size() - 10));
  std::string msg = errorOf([&] { readNpy(truncated); });
  EXPECT_NE(msg.find(truncated), std::string::npos) << msg;
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;

  const std::string notNpy = write("x.npy", "PK\x03\x04 this is a zip");
  EXPECT_NE(errorOf([&] { readNpy(notNpy); }).find("not a .npy file"), std::string::npos);

  std::string badHeader = bytes;
  badHeader.replace(badHeader.find("'shape'"), 7, "'shapx'");
  const std::string bad = write("h.npy", badHeader);
  msg = errorOf([&] { readNpy(bad); });
  EXPECT_NE(msg.find("no 'shape'"), std::string::npos) << msg;

  EXPECT_THROW(readNpy(path("absent.npy")), DataError);
}

/// A version 1 .npy file with `dict` as its header and `data` after it.
std::string npyBytes(const std::string& dict, const std::string& data) {
  std::string h = dict;
  while ((10 + h.size() + 1) % 64 != 0) h.push_back(' ');
  h.push_back('\n');
  std::string out("\x93NUMPY\x01\x00", 8);
  out.push_back(static_cast<char>(h.size() & 0xFF));
  out.push_back(static_cast<char>(h.size() >> 8));
  return out + h + data;
}

TEST_F(NpyTest, ShapeWhoseProductWrapsIsRefused) {
  // 2^62 * 4 elements * 4 bytes wraps to 0 bytes in 64 bits: it used to "fit" an empty file.
  const std::string p = write(
      "wrap.npy",
      npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }",
               ""));
  const std::string msg = errorOf([&] { readNpy(p); });
  EXPECT_EQ(msg.rfind(p + ": .npy header: array F32[4611686018427387904,4]", 0), 0u) << msg;
  EXPECT_NE(msg.find("overflows 64 bits"), std::string::npos) << msg;
}

TEST_F(NpyTest, HeaderLiesAreDataErrors) {
  const std::string digits = write(
      "digits.npy",
      npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }",
               ""));
  EXPECT_NE(errorOf([&] {
              readNpy(digits);
            }).find(digits + ": .npy header: expected a dimension below 2^63"),
            std::string::npos);
  const std::string big =
      write("big.npy", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000,), }",
                                std::string(16, '\0')));
  EXPECT_NE(errorOf([&] { readNpy(big); }).find("needs 8000000 bytes, the file has 16"),
            std::string::npos);
  std::string longHeader("\x93NUMPY\x02\x00\xff\xff\xff\xff", 12);
  const std::string cut = write("cut.npy", longHeader + "{}");
  EXPECT_NE(errorOf([&] { readNpy(cut); }).find(cut + ": .npy header of 4294967295 bytes runs"),
            std::string::npos);
}

TEST_F(NpyTest, FailedWriteLeavesTheOldFile) {
  const NdArray a = NdArray::fromFloat32({2}, {1.f, 2.f});
  const std::string p = path("a.npy");
  writeNpy(p, a);
  // BF16 has no .npy dtype: the error comes before anything is written.
  NdArray bf;
  bf.dtype = DType::BF16;
  bf.shape = {1};
  bf.data.assign(2, 0);
  EXPECT_THROW(writeNpy(p, bf), DataError);
  EXPECT_EQ(readNpy(p), a);
  // A folder that does not exist: IoError naming the file.
  const std::string missing = path("no/such/a.npy");
  EXPECT_EQ(errorOf([&] { writeNpy(missing, a); }).rfind(missing + ": ", 0), 0u);
  EXPECT_THROW(writeNpy(missing, a), IoError);
}

}  // namespace
}  // namespace w2s
