#include <gtest/gtest.h>

#include <filesystem>

#include "core/text/DataDir.h"
#include "core/text/TextCorpus.h"
#include "core/text/Utf8.h"
#include "core/util/Error.h"
#include "tests/core/io/TempDir.h"

namespace w2s {
namespace {

class TextCorpusTest : public TempDirTest {
 protected:
  void writeSpamDir() {
    std::filesystem::create_directories(dir_ / "easy-ham-1");
    std::filesystem::create_directories(dir_ / "spam-2");
    write("easy-ham-1/1.txt",
          "From a@b  Thu Aug 22\nReceived: from x\n\tby y\nSubject: Re: lunch\n  tomorrow?\n"
          "X-Mailer: Foo\n\nSee you at noon.\n\nBob\n");
    write("spam-2/2.txt",
          "Return-Path: <s@p>\r\nSubject: WIN \x80"
          "1000\r\nTo: you\r\n\r\nClick here\r\n");
    write("easy-ham-1/3.txt", "From: c@d\nTo: e@f\n\nno subject here\n");
    write("file_list.json", R"(["easy-ham-1/1.txt", "spam-2/2.txt", "easy-ham-1/3.txt"])");
  }
};

TEST_F(TextCorpusTest, StripHeadersKeepsTheUnfoldedSubjectAndTheBody) {
  EXPECT_EQ(TextCorpus::stripHeaders("Received: x\nSubject:  Hello\n\tthere \nTo: y\n\nBody\n"),
            "Subject: Hello\tthere\n\nBody\n");
  EXPECT_EQ(TextCorpus::stripHeaders("To: y\r\nSUBJECT: Hi\r\n\r\nBody\r\n"),
            "Subject: Hi\n\nBody\r\n");
  EXPECT_EQ(TextCorpus::stripHeaders("To: y\n\nSubject: not a header\n"),
            "Subject: not a header\n");
  EXPECT_EQ(TextCorpus::stripHeaders("Only: headers\nNo: body\n"), "");
}

TEST_F(TextCorpusTest, SpamAssassinLabelsIdsAndText) {
  writeSpamDir();
  const auto ex = TextCorpus::spamAssassin(dir_.string());
  ASSERT_EQ(ex.size(), 3u);
  EXPECT_EQ(ex[0].label, 0);
  EXPECT_EQ(ex[1].label, 1);
  EXPECT_EQ(ex[2].label, 0);
  EXPECT_EQ(ex[1].id, 1);
  EXPECT_EQ(ex[1].source, "spam-2");
  EXPECT_EQ(ex[0].text, "Subject: Re: lunch  tomorrow?\n\nSee you at noon.\n\nBob\n");
  EXPECT_EQ(ex[1].text, "Subject: WIN €1000\n\nClick here\r\n");  // Windows-1252 byte repaired
  EXPECT_EQ(ex[2].text, "no subject here\n");
  const auto raw = TextCorpus::spamAssassin(dir_.string(), /*keepHeaders=*/true);
  EXPECT_EQ(raw[0].text.rfind("From a@b", 0), 0u);
}

TEST_F(TextCorpusTest, SpamAssassinErrorsNameTheFileAndEntry) {
  writeSpamDir();
  write("file_list.json", R"(["easy-ham-1/1.txt", "spam-2/2.t)");
  std::string msg = errorOf([&] { TextCorpus::spamAssassin(dir_.string()); });
  EXPECT_NE(msg.find(path("file_list.json")), std::string::npos) << msg;
  EXPECT_NE(msg.find("not valid JSON"), std::string::npos) << msg;

  write("file_list.json", R"(["easy-ham-1/1.txt", "spam-2/missing.txt"])");
  msg = errorOf([&] { TextCorpus::spamAssassin(dir_.string()); });
  EXPECT_NE(msg.find("spam-2/missing.txt"), std::string::npos) << msg;

  write("file_list.json", R"(["easy-ham-1/1.txt", "other/1.txt"])");
  msg = errorOf([&] { TextCorpus::spamAssassin(dir_.string()); });
  EXPECT_NE(msg.find("entry 2"), std::string::npos) << msg;
}

TEST_F(TextCorpusTest, SentimentSkipsTheNullEntryAndKeepsIdsStable) {
  write("amazon.json", R"([{"text":"Great phone.","class":1},{"text":"Broke.","class":0},
                           {"text":"","class":null}])");
  write("imdb.json", R"([{"text":"Dull film.","class":0},{"text":"","class":null}])");
  write("yelp.json", R"([{"text":"Tasty!","class":1}])");
  const auto imdb = TextCorpus::sentiment(dir_.string(), "imdb");
  ASSERT_EQ(imdb.size(), 1u);
  EXPECT_EQ(imdb[0].id, 1000000);
  const auto all = TextCorpus::sentiment(dir_.string(), "all");
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[1].text, "Broke.");
  EXPECT_EQ(all[1].label, 0);
  EXPECT_EQ(all[2].id, imdb[0].id);
  EXPECT_EQ(all[3].source, "yelp");
  EXPECT_THROW(TextCorpus::sentiment(dir_.string(), "twitter"), DataError);

  write("yelp.json", R"([{"text":"Tasty!","class":1},{"text":"Meh","class":"bad"}])");
  std::string msg = errorOf([&] { TextCorpus::sentiment(dir_.string(), "yelp"); });
  EXPECT_NE(msg.find(path("yelp.json") + ": entry 2"), std::string::npos) << msg;
  write("yelp.json", R"([{"text":"Tasty!","cla)");
  msg = errorOf([&] { TextCorpus::sentiment(dir_.string(), "yelp"); });
  EXPECT_NE(msg.find("not valid JSON"), std::string::npos) << msg;
}

TEST_F(TextCorpusTest, FineFoodReadsQuotedReviewsAndNamesBadRows) {
  const std::string csv =
      write("training.csv",
            "\"review\",\"score\"\n\"Loved it, \"\"really\"\"\nyum\",\"great\"\n"
            "\"Stale.\",\"other\"\n\"Odd\",\"meh\"\n");
  const std::string msg = errorOf([&] { TextCorpus::fineFood(csv); });
  EXPECT_NE(msg.find(csv + ": line 5, column 'score'"), std::string::npos) << msg;
  write("training.csv",
        "\"review\",\"score\"\n\"Loved it, \"\"really\"\"\nyum\",\"great\"\n"
        "\"Stale.\",\"other\"\n");
  const auto ex = TextCorpus::fineFood(csv);
  ASSERT_EQ(ex.size(), 2u);
  EXPECT_EQ(ex[0].text, "Loved it, \"really\"\nyum");
  EXPECT_EQ(ex[0].label, 1);
  EXPECT_EQ(ex[1].label, 0);
  EXPECT_EQ(ex[1].id, 1);
}

// The real corpora, when packaging/fetch-data.sh has installed them.
std::string dirOrSkipReason(const std::function<std::string()>& locate, std::string& reason) {
  try {
    return locate();
  } catch (const DataError& e) {
    reason = e.what();
    return "";
  }
}

TEST(TextCorpusRealDataTest, SpamAssassinHas6046Emails) {
  std::string reason;
  const std::string dir = dirOrSkipReason(spamAssassinDir, reason);
  if (dir.empty()) GTEST_SKIP() << reason;
  const auto ex = TextCorpus::spamAssassin(dir);
  ASSERT_EQ(ex.size(), 6046u);
  int spam = 0, hard = 0, withSubject = 0;
  for (const auto& e : ex) {
    spam += e.label;
    hard += e.source.rfind("hard-ham", 0) == 0;
    withSubject += e.text.rfind("Subject: ", 0) == 0;
    ASSERT_TRUE(isValidUtf8(e.text)) << e.id;
    ASSERT_NE(e.text.rfind("Return-Path:", 0), 0u) << e.id;  // routing headers are gone
  }
  EXPECT_GE(withSubject, 6000);
  EXPECT_EQ(spam, 1896);
  EXPECT_EQ(static_cast<int>(ex.size()) - spam, 4150);
  EXPECT_EQ(hard, 250);
}

TEST(TextCorpusRealDataTest, SentimentHasThreeBalancedSetsOf1000) {
  std::string reason;
  const std::string dir = dirOrSkipReason(sentimentDir, reason);
  if (dir.empty()) GTEST_SKIP() << reason;
  for (const char* which : {"amazon", "imdb", "yelp"}) {
    const auto ex = TextCorpus::sentiment(dir, which);
    ASSERT_EQ(ex.size(), 1000u) << which;
    int pos = 0;
    for (const auto& e : ex) pos += e.label;
    EXPECT_EQ(pos, 500) << which;
  }
  EXPECT_EQ(TextCorpus::sentiment(dir, "all").size(), 3000u);
}

TEST(TextCorpusRealDataTest, FineFoodHas4000TrainingAnd1000TestingReviews) {
  std::string reason;
  const std::string train = dirOrSkipReason([] { return fineFoodCsv("training"); }, reason);
  if (train.empty()) GTEST_SKIP() << reason;
  const auto tr = TextCorpus::fineFood(train);
  const auto te = TextCorpus::fineFood(fineFoodCsv("testing"));
  ASSERT_EQ(tr.size(), 4000u);
  ASSERT_EQ(te.size(), 1000u);
  int great = 0;
  for (const auto& e : tr) great += e.label;
  EXPECT_EQ(great, 2600);  // 65 % great, as in modeldata's training_data
}

TEST_F(TextCorpusTest, DeeplyNestedIndexIsAnErrorNamingIt) {
  writeSpamDir();
  write("file_list.json", std::string(300000, '[') + std::string(300000, ']'));
  const std::string msg = errorOf([&] { TextCorpus::spamAssassin(dir_.string()); });
  EXPECT_EQ(msg.rfind(path("file_list.json") + ": expected JSON nested at most 256", 0), 0u)
      << msg.substr(0, 200);
}

}  // namespace
}  // namespace w2s
