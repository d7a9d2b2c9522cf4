#include <gtest/gtest.h>

#include <cstdlib>

#include "core/io/Safetensors.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"
#include "tests/core/io/TempDir.h"

namespace w2s {
namespace {

class SafetensorsTest : public TempDirTest {};

TEST_F(SafetensorsTest, RoundTripsTensorsAndMetadata) {
  std::map<std::string, NdArray> tensors = {
      {"embeddings", NdArray::fromFloat32({3, 2}, {1.f, 2.f, 3.f, 4.f, 5.f, -6.f})},
      {"ids", NdArray::fromInt64({3}, {10, 20, -30})},
      {"scale", NdArray::fromFloat64({}, {0.125})},
  };
  const std::map<std::string, std::string> meta = {{"model", "tiny"}, {"layer", "-1"}};
  writeSafetensors(path("t.safetensors"), tensors, meta);
  const SafetensorsFile back = readSafetensors(path("t.safetensors"));
  EXPECT_EQ(back.tensors, tensors);
  EXPECT_EQ(back.metadata, meta);
  // The JSON header is padded so the data begins 8-byte aligned.
  const std::string bytes = readTextFile(path("t.safetensors"));
  EXPECT_EQ(static_cast<unsigned char>(bytes[0]) % 8, 0);
}

TEST_F(SafetensorsTest, ReadsAFileWrittenByPython) {
  const std::string py = pythonWithNumpy();
  if (py.empty()) GTEST_SKIP() << "python3 with numpy not found (apt-get install python3-numpy)";
  // Written the way the safetensors package lays files out (dtype-sorted, BF16 included).
  const std::string script = write("w.py", R"(import json, struct, sys
import numpy as np
h = np.arange(6, dtype='<f8').reshape(2, 3) * 0.5
e = (np.arange(8, dtype='<f4') - 3).reshape(2, 4)
bf = np.array([1.0, -2.0, 0.15625], dtype='<f4').view('<u4') >> 16
bufs = [h.tobytes(), e.tobytes(), bf.astype('<u2').tobytes()]
names = [('hidden', 'F64', [2, 3]), ('emb', 'F32', [2, 4]), ('half', 'BF16', [3])]
header, off = {'__metadata__': {'format': 'pt'}}, 0
for (n, dt, shape), b in zip(names, bufs):
    header[n] = {'dtype': dt, 'shape': shape, 'data_offsets': [off, off + len(b)]}
    off += len(b)
text = json.dumps(header).encode()
text += b' ' * ((8 - len(text) % 8) % 8)
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<Q', len(text)) + text + b''.join(bufs))
)");
  const std::string file = path("py.safetensors");
  ASSERT_EQ(std::system((py + " " + script + " " + file).c_str()), 0);
  const SafetensorsFile f = readSafetensors(file);
  ASSERT_EQ(f.tensors.size(), 3u);
  EXPECT_EQ(f.metadata.at("format"), "pt");
  const NdArray& hidden = f.tensors.at("hidden");
  EXPECT_EQ(hidden.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_DOUBLE_EQ(hidden.as<double>()[5], 2.5);
  EXPECT_EQ(f.tensors.at("emb").toFloat32()[0], -3.f);
  EXPECT_EQ(f.tensors.at("half").toFloat32(), (std::vector<float>{1.f, -2.f, 0.15625f}));
}

TEST_F(SafetensorsTest, CorruptFilesNameTheFileTensorAndProblem) {
  writeSafetensors(path("ok.safetensors"),
                   {{"w", NdArray::fromFloat32({4}, {1.f, 2.f, 3.f, 4.f})}});
  const std::string bytes = readTextFile(path("ok.safetensors"));

  const std::string trunc = write("trunc.safetensors", bytes.substr(0, bytes.size() - 4));
  std::string msg = errorOf([&] { readSafetensors(trunc); });
  EXPECT_NE(msg.find(trunc), std::string::npos) << msg;
  EXPECT_NE(msg.find("tensor 'w'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("outside"), std::string::npos) << msg;

  std::string wrongDtype = bytes;
  wrongDtype.replace(wrongDtype.find("\"F32\""), 5, "\"U8\" ");
  msg = errorOf([&] { readSafetensors(write("u8.safetensors", wrongDtype)); });
  EXPECT_NE(msg.find("dtype 'U8'"), std::string::npos) << msg;

  std::string wrongShape = bytes;
  wrongShape.replace(wrongShape.find("[4]"), 3, "[5]");
  msg = errorOf([&] { readSafetensors(write("shape.safetensors", wrongShape)); });
  EXPECT_NE(msg.find("needs 20 bytes"), std::string::npos) << msg;

  std::string badJson = bytes;
  badJson[9] = '!';
  msg = errorOf([&] { readSafetensors(write("json.safetensors", badJson)); });
  EXPECT_NE(msg.find("not valid JSON"), std::string::npos) << msg;

  msg = errorOf([&] { readSafetensors(write("len.safetensors", std::string(8, '\xff'))); });
  EXPECT_NE(msg.find("header length"), std::string::npos) << msg;
}

/// A .safetensors file: the header's length, the header, then `data`.
std::string safetensorsBytes(const std::string& header, const std::string& data) {
  std::string out;
  for (int k = 0; k < 8; ++k) out.push_back(static_cast<char>((header.size() >> (8 * k)) & 0xFF));
  return out + header + data;
}

TEST_F(SafetensorsTest, HostileHeadersAreDataErrorsNamingTheFile) {
  const std::string data(16, '\0');
  const struct {
    const char* name;
    std::string header;
    const char* expected;
  } cases[] = {
      {"overlap", R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                      "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}})",
       "overlap in the data"},
      {"outside", R"({"a": {"dtype": "F32", "shape": [8], "data_offsets": [0, 32]}})",
       "lie outside the 16 data bytes"},
      {"wrap",
       R"({"a": {"dtype": "F32", "shape": [4611686018427387904, 4], "data_offsets": [0, 0]}})",
       "overflows 64 bits"},
      {"huge",
       R"({"a": {"dtype": "F32", "shape": [18446744073709551615], "data_offsets": [0, 0]}})",
       "expected sizes below 2^63"},
      {"negative", R"({"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 0]}})",
       "shape holds -1"},
      {"deep", "{\"a\": " + std::string(300000, '[') + "}", "nesting deeper than 256 levels"},
  };
  for (const auto& c : cases) {
    const std::string p =
        write(std::string(c.name) + ".safetensors", safetensorsBytes(c.header, data));
    const std::string msg = errorOf([&] { readSafetensors(p); });
    EXPECT_EQ(msg.rfind(p + ": ", 0), 0u) << c.name << ": " << msg.substr(0, 200);
    EXPECT_NE(msg.find(c.expected), std::string::npos) << c.name << ": " << msg.substr(0, 200);
  }
}

}  // namespace
}  // namespace w2s
