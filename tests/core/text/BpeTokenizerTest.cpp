#include <gtest/gtest.h>

#include <random>

#include "core/text/BpeTokenizer.h"
#include "core/util/Error.h"
#include "tests/core/io/TempDir.h"

namespace w2s {
namespace {

constexpr int32_t byteId(char c) { return BpeTokenizer::kNumSpecial + static_cast<uint8_t>(c); }

std::vector<std::string> smallCorpus() {
  return {"The quick brown fox jumps over the lazy dog.",
          "the dog sleeps; the fox runs.  Then the fox sleeps too!\n\nThe end.",
          "naïve café — 日本語のテキスト 🙂 and more café",
          "numbers 12345 and 2024-01-01, emails: someone@example.com"};
}

TEST(BpeTokenizerTest, PreTokenizeSplitsAtClassChangesAndConcatenatesBack) {
  const std::string text = "Hello world  foo\n\nbar 123abc!! café";
  const auto words = BpeTokenizer::preTokenize(text);
  EXPECT_EQ(words, (std::vector<std::string>{"Hello", " world", " ", " foo", "\n\n", "bar", " 123",
                                             "abc", "!!", " café"}));
  std::string joined;
  for (const auto& w : words) joined += w;
  EXPECT_EQ(joined, text);
}

TEST(BpeTokenizerTest, LearnsTheExpectedMergesOnATinyCorpus) {
  // Words: "ab" once, " ab" three times, "abc" once. (a,b) occurs 5 times, then (" ", ab) 3 times;
  // (ab, c) occurs once, below the minimum count of 2, so training stops there.
  const auto tok = BpeTokenizer::train({"ab ab ab ab", "abc"}, 1000);
  ASSERT_EQ(tok.merges().size(), 2u);
  EXPECT_EQ(tok.merges()[0], std::make_pair(byteId('a'), byteId('b')));
  EXPECT_EQ(tok.tokenBytes(BpeTokenizer::kFirstMerge), "ab");
  EXPECT_EQ(tok.tokenBytes(BpeTokenizer::kFirstMerge + 1), " ab");
  EXPECT_EQ(tok.vocabSize(), BpeTokenizer::kFirstMerge + 2);
  EXPECT_EQ(tok.encode("ab ab"),
            (std::vector<int32_t>{BpeTokenizer::kFirstMerge, BpeTokenizer::kFirstMerge + 1}));
  EXPECT_EQ(tok.encode("abc"), (std::vector<int32_t>{BpeTokenizer::kFirstMerge, byteId('c')}));
}

TEST(BpeTokenizerTest, RepeatedSymbolsAndTiesAreHandledDeterministically) {
  // "aaaa" twice: (a,a) counts 3 per word; after merging, (aa,aa) counts once per word.
  const auto rep = BpeTokenizer::train({"aaaa", "aaaa"}, 1000);
  ASSERT_EQ(rep.merges().size(), 2u);
  EXPECT_EQ(rep.tokenBytes(BpeTokenizer::kFirstMerge + 1), "aaaa");
  EXPECT_EQ(rep.encode("aaaaa"),
            (std::vector<int32_t>{BpeTokenizer::kFirstMerge + 1, byteId('a')}));
  // (a,b), (" ",c) and (c,d) all occur twice: the smallest pair of ids, (" ", c), goes first.
  const auto tie = BpeTokenizer::train({"ab cd ab cd"}, BpeTokenizer::kFirstMerge + 1);
  ASSERT_EQ(tie.merges().size(), 1u);
  EXPECT_EQ(tie.merges()[0], std::make_pair(byteId(' '), byteId('c')));
}

TEST(BpeTokenizerTest, TrainingIsDeterministicAndStopsAtTheVocabularySize) {
  std::vector<std::string> corpus;
  for (int r = 0; r < 30; ++r) {
    for (const auto& t : smallCorpus()) corpus.push_back(t);
  }
  const auto a = BpeTokenizer::train(corpus, 300);
  const auto b = BpeTokenizer::train(corpus, 300);
  EXPECT_EQ(a.vocabSize(), 300);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.encodeAll(corpus), b.encodeAll(corpus));
  // Merges compress the text they were trained on, more merges more so.
  const auto big = BpeTokenizer::train(corpus, 500);
  EXPECT_GT(big.vocabSize(), 300);
  EXPECT_LT(a.encode(corpus[0]).size(), corpus[0].size());
  EXPECT_LT(big.encode(corpus[0]).size(), a.encode(corpus[0]).size());
}

TEST(BpeTokenizerTest, RoundTripsAsciiUtf8AndArbitraryBytes) {
  const auto tok = BpeTokenizer::train(smallCorpus(), 400);
  std::vector<std::string> texts = smallCorpus();
  texts.push_back("");
  texts.push_back("   leading and trailing spaces   \t\r\n");
  texts.push_back("<pad><bos> special names are plain text");
  texts.push_back("Ünïcödé ✓ ∑ 𝔘 — mixed with ASCII and tabs\tand\nnewlines");
  std::mt19937 rng(7);
  for (int n = 0; n < 50; ++n) {
    std::string bytes(rng() % 200, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng() & 0xFF);  // includes invalid UTF-8
    texts.push_back(bytes);
  }
  for (const auto& text : texts) {
    const auto ids = tok.encode(text);
    for (int32_t id : ids) {
      EXPECT_GE(id, BpeTokenizer::kNumSpecial);  // <pad> and the others never come from text
      EXPECT_LT(id, tok.vocabSize());
    }
    EXPECT_EQ(tok.decode(ids), text);
  }
  EXPECT_EQ(tok.encodeAll(texts)[3], tok.encode(texts[3]));
}

TEST(BpeTokenizerTest, DecodeDropsSpecialsAndRejectsUnknownIds) {
  const BpeTokenizer tok;
  EXPECT_EQ(tok.vocabSize(), BpeTokenizer::kFirstMerge);
  EXPECT_EQ(tok.decode({BpeTokenizer::kBos, byteId('h'), byteId('i'), BpeTokenizer::kEos,
                        BpeTokenizer::kPad}),
            "hi");
  EXPECT_THROW(tok.decode({tok.vocabSize()}), std::out_of_range);
  EXPECT_THROW(BpeTokenizer::train({"x"}, 10), std::invalid_argument);
}

class BpeTokenizerFileTest : public TempDirTest {};

TEST_F(BpeTokenizerFileTest, SaveLoadGivesAnEqualTokenizer) {
  const auto tok = BpeTokenizer::train(smallCorpus(), 350);
  tok.save(path("tok.json"));
  const auto back = BpeTokenizer::load(path("tok.json"));
  EXPECT_EQ(back, tok);
  for (int32_t id = 0; id < tok.vocabSize(); ++id)
    EXPECT_EQ(back.tokenBytes(id), tok.tokenBytes(id));
  EXPECT_EQ(back.encode(smallCorpus()[2]), tok.encode(smallCorpus()[2]));
  EXPECT_EQ(BpeTokenizer::fromJson(tok.toJson(), "x"), tok);
}

TEST_F(BpeTokenizerFileTest, CorruptFilesNameTheFileAndField) {
  auto j = BpeTokenizer::train(smallCorpus(), 270).toJson();
  j["merges"][0] = {4, BpeTokenizer::kFirstMerge};  // refers to a token not yet made
  const std::string bad = write("bad.json", j.dump());
  std::string msg = errorOf([&] { BpeTokenizer::load(bad); });
  EXPECT_NE(msg.find(bad), std::string::npos) << msg;
  EXPECT_NE(msg.find("merges[0]"), std::string::npos) << msg;

  const std::string full = BpeTokenizer::train(smallCorpus(), 270).toJson().dump();
  const std::string cut = write("cut.json", full.substr(0, full.size() / 2));
  msg = errorOf([&] { BpeTokenizer::load(cut); });
  EXPECT_NE(msg.find("not valid JSON"), std::string::npos) << msg;
  EXPECT_THROW(BpeTokenizer::fromJson({{"type", "wordpiece"}}, "t"), DataError);
}

TEST_F(BpeTokenizerFileTest, DeeplyNestedFileIsAnErrorNamingIt) {
  const std::string p = write(
      "deep.json", "{\"merges\": " + std::string(300000, '[') + std::string(300000, ']') + "}");
  const std::string msg = errorOf([&] { BpeTokenizer::load(p); });
  EXPECT_EQ(msg.rfind(p + ": expected JSON nested at most 256", 0), 0u) << msg.substr(0, 200);
}

}  // namespace
}  // namespace w2s
