#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>

#include "core/data/Idx.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"

namespace fs = std::filesystem;

namespace w2s {
namespace {

/// Bytes of an IDX file: big-endian magic and dims, then the data.
std::string idxBytes(uint32_t magic, const std::vector<uint32_t>& dims,
                     const std::vector<uint8_t>& data) {
  std::string s;
  auto put32 = [&s](uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
      s.push_back(static_cast<char>((v >> shift) & 0xFF));
  };
  put32(magic);
  for (uint32_t d : dims) put32(d);
  s.append(data.begin(), data.end());
  return s;
}

class IdxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "w2s-idx-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string writeGz(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    gzFile f = gzopen(path.c_str(), "wb");
    EXPECT_NE(f, nullptr);
    EXPECT_EQ(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())),
              static_cast<int>(bytes.size()));
    gzclose(f);
    return path;
  }
  std::string writePlain(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  fs::path dir_;
};

std::string messageOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const DataError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a DataError";
  return "";
}

std::vector<uint8_t> iota(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 7 + 3);
  return v;
}

TEST_F(IdxTest, GzipRoundTrip) {
  const auto data = iota(3 * 4 * 5);
  const std::string path = writeGz("a.gz", idxBytes(0x803, {3, 4, 5}, data));
  const IdxArray a = readIdx(path, 0x803);
  EXPECT_EQ(a.dims, (std::vector<int32_t>{3, 4, 5}));
  EXPECT_EQ(a.data, data);
}

TEST_F(IdxTest, PlainFileAndAnyMagic) {
  const auto data = iota(300);
  const std::string path = writePlain("labels", idxBytes(0x801, {300}, data));
  const IdxArray a = readIdx(path);
  EXPECT_EQ(a.dims, (std::vector<int32_t>{300}));
  EXPECT_EQ(a.data, data);
}

TEST_F(IdxTest, WrongMagicNamesExpectedAndFound) {
  const std::string path = writeGz("labels.gz", idxBytes(0x801, {4}, iota(4)));
  const std::string msg = messageOf([&] { readIdx(path, 0x803); });
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("0x00000803"), std::string::npos) << msg;
  EXPECT_NE(msg.find("0x00000801"), std::string::npos) << msg;
}

TEST_F(IdxTest, NonIdxAndNonByteFilesAreRejected) {
  const std::string text = writePlain("text", "hello world, not an IDX file");
  EXPECT_NE(messageOf([&] { readIdx(text); }).find("not an IDX file"), std::string::npos);
  // Type 0x0D = float32: a valid IDX file, but not one this reader supports.
  const std::string floats = writeGz("f.gz", idxBytes(0x00000D01, {2}, iota(8)));
  const std::string floatMsg = messageOf([&] { readIdx(floats); });
  EXPECT_NE(floatMsg.find("0x0D"), std::string::npos) << floatMsg;
  const std::string noDims = writeGz("d.gz", idxBytes(0x00000800, {}, {}));
  EXPECT_NE(messageOf([&] { readIdx(noDims); }).find("0 dimensions"), std::string::npos);
}

TEST_F(IdxTest, TruncatedDataSaysHowMuchIsMissing) {
  const std::string path = writeGz("t.gz", idxBytes(0x802, {10, 4}, iota(25)));
  const std::string msg = messageOf([&] { readIdx(path, 0x802); });
  EXPECT_NE(msg.find("expected 40 bytes, got 25"), std::string::npos) << msg;

  const std::string header = writeGz("h.gz", idxBytes(0x802, {10, 4}, {}).substr(0, 9));
  EXPECT_NE(messageOf([&] { readIdx(header); }).find("truncated IDX header"), std::string::npos);
}

TEST_F(IdxTest, CutGzipStreamIsAnError) {
  // A download cut short: the compressed stream itself ends early.
  std::vector<uint8_t> data(20000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>((i * 2654435761u) >> 13);
  const std::string full = writeGz("full.gz", idxBytes(0x802, {20, 1000}, data));
  std::ifstream in(full, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string cut = writePlain("cut.gz", bytes.substr(0, bytes.size() / 2));
  const std::string msg = messageOf([&] { readIdx(cut, 0x802); });
  EXPECT_NE(msg.find(cut), std::string::npos) << msg;
  EXPECT_NE(msg.find("truncated IDX data: expected 20000 bytes"), std::string::npos) << msg;
}

TEST_F(IdxTest, MissingFileNamesPathAndSuggestsPackage) {
  const std::string path = (dir_ / "nope.gz").string();
  const std::string msg = messageOf([&] { readIdx(path); });
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_EQ(msg.find("apt-get"), std::string::npos) << msg;

  const std::string debian = "/usr/share/datasets/fashion-mnist/no-such-file-idx1-ubyte.gz";
  const std::string hint = messageOf([&] { readIdx(debian); });
  EXPECT_NE(hint.find("apt-get install dataset-fashion-mnist"), std::string::npos) << hint;
}

TEST_F(IdxTest, HeaderLyingAboutItsSizeIsRefusedBeforeAllocating) {
  // A ~57-byte gzip declaring 21M x 28 x 28 images used to allocate 16 GiB before reading.
  const std::string path = writeGz("lie.gz", idxBytes(0x803, {21000000, 28, 28}, {}));
  ASSERT_LT(fs::file_size(path), 100u);
  const std::string msg = messageOf([&] { readIdx(path, 0x803); });
  EXPECT_EQ(msg.rfind(path + ": IDX header declares 16464000000 bytes", 0), 0u) << msg;
  EXPECT_NE(msg.find("more than a file of"), std::string::npos) << msg;
}

TEST_F(IdxTest, DimensionProductThatOverflowsIsRefused) {
  const uint32_t big = 0x7FFFFFFF;
  const std::string path = writeGz("wrap.gz", idxBytes(0x803, {big, big, big, big}, {}));
  const std::string msg = messageOf([&] { readIdx(path); });
  EXPECT_NE(msg.find("corrupt header"), std::string::npos) << msg;
}

TEST_F(IdxTest, PlausibleLieGrowsOnlyWithTheData) {
  // Highly compressible data: the declared size passes the plausibility bound, the stream is
  // shorter; the reader reports the bytes it found.
  const std::string path =
      writeGz("short.gz", idxBytes(0x801, {200000}, std::vector<uint8_t>(100000, 0)));
  const std::string msg = messageOf([&] { readIdx(path, 0x801); });
  EXPECT_NE(msg.find("expected 200000 bytes, got 100000"), std::string::npos) << msg;
}

/// Class counts of a label file.
std::vector<int> histogram(const IdxArray& labels) {
  std::vector<int> counts(256, 0);
  for (uint8_t v : labels.data) ++counts[v];
  return counts;
}

TEST(IdxFashionMnist, RealFilesHaveTheDocumentedShape) {
  const std::string dir = fashionMnistDir();
  if (!fs::exists(dir + "/t10k-labels-idx1-ubyte.gz")) {
    GTEST_SKIP() << "Fashion-MNIST not installed in " << dir;
  }
  const struct {
    const char* prefix;
    int n;
  } splits[] = {{"train", 60000}, {"t10k", 10000}};
  for (const auto& s : splits) {
    const IdxArray images = readIdx(dir + "/" + s.prefix + "-images-idx3-ubyte.gz", 0x803);
    EXPECT_EQ(images.dims, (std::vector<int32_t>{s.n, 28, 28}));
    EXPECT_EQ(images.data.size(), static_cast<size_t>(s.n) * 28 * 28);
    const IdxArray labels = readIdx(dir + "/" + s.prefix + "-labels-idx1-ubyte.gz", 0x801);
    EXPECT_EQ(labels.dims, (std::vector<int32_t>{s.n}));
    const std::vector<int> counts = histogram(labels);
    for (int c = 0; c < 10; ++c) EXPECT_EQ(counts[c], s.n / 10) << s.prefix << " class " << c;
    EXPECT_EQ(std::accumulate(counts.begin() + 10, counts.end(), 0), 0);
  }
}

}  // namespace
}  // namespace w2s
