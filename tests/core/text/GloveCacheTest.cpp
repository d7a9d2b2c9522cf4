#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>

#include "core/text/DataDir.h"
#include "core/text/GloveCache.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"
#include "tests/core/io/TempDir.h"

namespace w2s {
namespace {

// A wink-format file: vectors listed out of row order, each [dim values, l2 norm, row index].
const char kTinyWink[] = R"({"precision":8,"l2NormIndex":3,"wordIndex":4,"size":3,"dimensions":3,
"words":["the","cat","naïve"],
"vectors":{"naïve":[0.5,-1,2,2.29,2],"the":[1,2,3,3.74,0],"cat":[-0.25,0,1e-3,0.25,1]},
"unkVector":[0,0,0,0,-1]})";

class GloveCacheTest : public TempDirTest {};

TEST_F(GloveCacheTest, BuildsAndLoadsATinyWinkFile) {
  const std::string json = write("tiny.json", kTinyWink);
  const std::string cache = GloveCache::cachePathFor(json);
  EXPECT_EQ(cache, path("tiny.w2s-glove.bin"));
  EXPECT_FALSE(GloveCache::isFresh(json, cache));
  const auto stats = GloveCache::build(json, cache);
  EXPECT_EQ(stats.words, 3);
  EXPECT_EQ(stats.dim, 3);
  EXPECT_TRUE(GloveCache::isFresh(json, cache));

  const GloveCache g = GloveCache::load(cache);
  ASSERT_EQ(g.size(), 3);
  ASSERT_EQ(g.dim(), 3);
  EXPECT_EQ(g.word(2), "naïve");
  EXPECT_EQ(g.indexOf("cat"), 1);
  EXPECT_EQ(g.indexOf("CaT"), 1);  // falls back to lowercase
  EXPECT_EQ(g.indexOf("dog"), -1);
  EXPECT_EQ(std::vector<float>(g.row(0), g.row(0) + 3), (std::vector<float>{1, 2, 3}));
  EXPECT_EQ(std::vector<float>(g.lookup("naïve"), g.lookup("naïve") + 3),
            (std::vector<float>{0.5f, -1, 2}));
  EXPECT_FLOAT_EQ(g.lookup("cat")[2], 1e-3f);
  EXPECT_EQ(g.lookup("dog"), g.unk());
  EXPECT_EQ(std::vector<float>(g.unk(), g.unk() + 3), (std::vector<float>{0, 0, 0}));
}

TEST_F(GloveCacheTest, OpenRebuildsWhenTheSourceChanges) {
  const std::string json = write("tiny.json", kTinyWink);
  EXPECT_FLOAT_EQ(GloveCache::open(json).lookup("the")[0], 1.f);
  std::string changed = kTinyWink;
  changed.replace(changed.find("[1,2,3,"), 7, "[9,2,3,");
  write("tiny.json", changed + " ");
  EXPECT_FALSE(GloveCache::isFresh(json, GloveCache::cachePathFor(json)));
  EXPECT_FLOAT_EQ(GloveCache::open(json).lookup("the")[0], 9.f);
}

TEST_F(GloveCacheTest, CorruptInputsNameTheFileAndProblem) {
  const std::string full = kTinyWink;
  const std::string cut = write("cut.json", full.substr(0, full.size() / 2));
  std::string msg = errorOf([&] { GloveCache::build(cut, path("c.bin")); });
  EXPECT_NE(msg.find(cut + ": not valid JSON at byte"), std::string::npos) << msg;
  EXPECT_FALSE(std::filesystem::exists(path("c.bin")));

  std::string wrongIndex = full;
  wrongIndex.replace(wrongIndex.find("0.25,1]"), 7, "0.25,2]");
  msg = errorOf([&] { GloveCache::build(write("idx.json", wrongIndex), path("c.bin")); });
  EXPECT_NE(msg.find("vectors['cat']: word index 2 names 'naïve'"), std::string::npos) << msg;

  std::string shortVector = full;
  shortVector.replace(shortVector.find("[-0.25,0,"), 9, "[");
  msg = errorOf([&] { GloveCache::build(write("short.json", shortVector), path("c.bin")); });
  EXPECT_NE(msg.find("vectors['cat']: 3 values"), std::string::npos) << msg;

  const std::string good = write("good.json", full);
  GloveCache::build(good, path("good.bin"));
  const std::string bytes = readTextFile(path("good.bin"));
  const std::string truncated = write("trunc.bin", bytes.substr(0, bytes.size() - 5));
  msg = errorOf([&] { GloveCache::load(truncated); });
  EXPECT_NE(msg.find(truncated + ": GloVe cache is truncated"), std::string::npos) << msg;
  msg = errorOf([&] { GloveCache::load(write("junk.bin", std::string(100, 'x'))); });
  EXPECT_NE(msg.find("not a version 1 GloVe cache"), std::string::npos) << msg;
}

TEST(GloveCacheRealDataTest, WinkEmbeddingsHave341479WordsOf100Dims) {
  std::string json;
  try {
    json = gloveJsonPath();
  } catch (const DataError& e) {
    GTEST_SKIP() << e.what();
  }
  // The first run parses the 307 MB JSON (about 10 s); later runs only map the cache.
  const auto start = std::chrono::steady_clock::now();
  const GloveCache g = GloveCache::open(json);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("open_seconds", std::to_string(seconds));
  EXPECT_EQ(g.size(), 341479);
  EXPECT_EQ(g.dim(), 100);
  EXPECT_EQ(g.word(0), "the");
  EXPECT_FLOAT_EQ(g.lookup("the")[0], -0.038194f);
  EXPECT_NE(g.lookup("Spam"), g.unk());
}

TEST_F(GloveCacheTest, HeaderSizesThatLieAreRefused) {
  const std::string good = write("good.json", kTinyWink);
  GloveCache::build(good, path("good.bin"));
  std::string bytes = readTextFile(path("good.bin"));
  // count = 2^62 + 3 makes (count + 1) * dim * 4 wrap to the real matrix size (dim = 3): the
  // offsets still add up, and the old check let it reserve 2^62 words.
  const uint64_t count = (uint64_t{1} << 62) + 3;
  std::memcpy(&bytes[16], &count, sizeof count);
  const std::string wrapped = write("wrapped.bin", bytes);
  std::string msg = errorOf([&] { GloveCache::load(wrapped); });
  EXPECT_NE(msg.find(wrapped + ": GloVe cache is truncated or inconsistent"), std::string::npos)
      << msg;

  // A wink file whose "size" claims more vectors than its bytes can hold.
  std::string lying = kTinyWink;
  lying.replace(lying.find("\"size\":3"), 8, "\"size\":1000000000000");
  const std::string src = write("lying.json", lying);
  msg = errorOf([&] { GloveCache::build(src, path("l.bin")); });
  EXPECT_NE(msg.find(src + ": \"size\" 1000000000000 x \"dimensions\" 3 values do not fit"),
            std::string::npos)
      << msg;
}

}  // namespace
}  // namespace w2s
