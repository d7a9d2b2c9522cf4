// Text and table datasets as tasks: token tensors, truncation, splits, caching, errors, and the
// real corpora when they are installed.
#include "core/data/TextTask.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include "core/data/TaskData.h"
#include "core/sweep/TaskShape.h"
#include "core/text/BpeTokenizer.h"
#include "core/util/Error.h"
#include "tests/core/io/TempDir.h"
#include "tests/core/run/TextFixtures.h"

namespace w2s {
namespace {

class TextTaskTest : public TempDirTest {
 protected:
  TaskSpec csvTask(const std::string& file, int maxLen = 32) {
    TaskSpec t;
    t.dataset = "csv";
    t.path = file;
    t.textColumn = "text";
    t.vocabSize = 300;
    t.maxLen = maxLen;
    return t;
  }
};

/// True when every row is <bos>, then non-pad tokens, then only pads.
bool wellFormedRows(const torch::Tensor& x) {
  const auto a = x.accessor<int64_t, 2>();
  for (int64_t i = 0; i < x.size(0); ++i) {
    if (a[i][0] != BpeTokenizer::kBos) return false;
    bool padded = false;
    for (int64_t k = 1; k < x.size(1); ++k) {
      if (a[i][k] == BpeTokenizer::kPad) {
        padded = true;
      } else if (padded || a[i][k] < BpeTokenizer::kNumSpecial) {
        return false;  // a token after padding, or a special token inside the text
      }
    }
  }
  return true;
}

TEST_F(TextTaskTest, CsvTextBecomesTokenRowsWithFixedSplit) {
  const std::string file = test::writeGrammarCsv(dir_ / "g.csv", 100, 1, /*sentences=*/1);
  auto task = loadTask(csvTask(file, 64));
  EXPECT_TRUE(task->tokens);
  EXPECT_EQ(task->vocabSize, 300);
  EXPECT_EQ(task->inputShape, std::vector<int64_t>{64});
  EXPECT_EQ(task->train.size(), 80);
  EXPECT_EQ(task->test.size(), 20);
  EXPECT_EQ(task->train.x.scalar_type(), torch::kInt64);
  EXPECT_EQ(task->train.x.sizes(), (std::vector<int64_t>{80, 64}));
  EXPECT_TRUE(wellFormedRows(task->train.x));
  EXPECT_TRUE(wellFormedRows(task->test.x));
  EXPECT_EQ(task->truncatedTrain, 0);
  EXPECT_EQ(task->classNames, (std::vector<std::string>{"neg", "pos"}));
  EXPECT_LT(task->train.x.max().item<int64_t>(), 300);
  // Train and test ids are disjoint rows of the file.
  for (int64_t i = 0; i < task->test.size(); ++i) {
    EXPECT_FALSE(task->train.ids.eq(task->test.ids[i]).any().item<bool>());
  }
  // The stream holds every training text whole: <bos> ... <eos> per text.
  EXPECT_EQ(task->trainStream.eq(BpeTokenizer::kBos).sum().item<int64_t>(), 80);
  EXPECT_EQ(task->trainStream.eq(BpeTokenizer::kEos).sum().item<int64_t>(), 80);
  // Decoding a row gives the text back.
  const auto row = task->train.x[0];
  std::vector<int32_t> ids;
  for (int64_t k = 1; k < row.size(0) && row[k].item<int64_t>() != 0; ++k) {
    ids.push_back(static_cast<int32_t>(row[k].item<int64_t>()));
  }
  EXPECT_NE(task->tokenizer->decode(ids).find('.'), std::string::npos);
}

TEST_F(TextTaskTest, LongTextsAreCutAndCountedNeverDropped) {
  const std::string file = test::writeGrammarCsv(dir_ / "g.csv", 50, 2, /*sentences=*/4);
  auto task = loadTask(csvTask(file, 8));
  EXPECT_EQ(task->train.size() + task->test.size(), 50);
  EXPECT_EQ(task->truncatedTrain, task->train.size());
  EXPECT_EQ(task->truncatedTest, task->test.size());
  EXPECT_TRUE(task->train.x.ne(0).all().item<bool>());  // every row full
}

TEST_F(TextTaskTest, LoadingIsCachedAndDeterministic) {
  const std::string file = test::writeGrammarCsv(dir_ / "g.csv", 60, 3);
  const TaskSpec spec = csvTask(file);
  auto a = loadTask(spec);
  EXPECT_EQ(a.get(), loadTask(spec).get());
  TaskSpec other = spec;
  other.maxLen = 31;  // a different task: built again, with the same tokenizer
  auto b = loadTask(other);
  EXPECT_NE(a.get(), b.get());
  EXPECT_TRUE(*a->tokenizer == *b->tokenizer);
  EXPECT_TRUE(torch::equal(a->train.x.narrow(1, 0, 31), b->train.x));
}

TEST_F(TextTaskTest, TrainSizeTakesAFixedSubset) {
  const std::string file = test::writeGrammarCsv(dir_ / "g.csv", 100, 4);
  TaskSpec spec = csvTask(file);
  spec.trainSize = 40;
  spec.testSize = 10;
  auto task = loadTask(spec);
  EXPECT_EQ(task->train.size(), 40);
  EXPECT_EQ(task->test.size(), 10);
  spec.trainSize = 81;
  EXPECT_THROW(loadTask(spec), SpecError);
}

TEST_F(TextTaskTest, NumericCsvIsStandardized) {
  std::string csv = "a,b,label\n";
  for (int i = 0; i < 50; ++i) {
    csv += std::to_string(i) + "," + std::to_string(100 + 3 * i) + "," + (i % 3 ? "x" : "y") + "\n";
  }
  TaskSpec t;
  t.dataset = "csv";
  t.path = write("n.csv", csv);
  auto task = loadTask(t);
  EXPECT_FALSE(task->tokens);
  EXPECT_EQ(task->inputShape, std::vector<int64_t>{2});
  EXPECT_EQ(task->train.x.scalar_type(), torch::kFloat);
  EXPECT_NEAR(task->train.x.mean(0).abs().max().item<double>(), 0.0, 1e-4);
  EXPECT_EQ(task->numClasses, 2);
  const TaskShape shape = taskShape(t);
  EXPECT_FALSE(shape.tokens);
  EXPECT_EQ(shape.inputShape, std::vector<int64_t>{2});
}

TEST_F(TextTaskTest, JsonRoundTripAndErrors) {
  TaskSpec t;
  t.dataset = "sentiment";
  t.source = "yelp";
  t.maxLen = 64;
  const TaskSpec back = TaskSpec::fromJson(t.toJson(), "task");
  EXPECT_EQ(back.toJson(), t.toJson());
  EXPECT_EQ(back.source, "yelp");
  EXPECT_EQ(back.label(), "sentiment(yelp)");
  EXPECT_EQ(t.toJson().at("vocab_size"), 2000);
  auto err = [](const char* text) {
    return errorOf([&] { TaskSpec::fromJson(nlohmann::json::parse(text), "s.json: task"); });
  };
  EXPECT_NE(err(R"({"dataset": "sentiment", "source": "twitter"})").find("source"),
            std::string::npos);
  // Only a corpus registered with sources has the field; its default is the registered one.
  EXPECT_NE(err(R"({"dataset": "spam_assassin", "source": "imdb"})").find("source"),
            std::string::npos);
  EXPECT_EQ(TaskSpec::fromJson(nlohmann::json{{"dataset", "sentiment"}}, "task").source, "all");
  EXPECT_FALSE(TaskSpec::fromJson(nlohmann::json{{"dataset", "fine_food"}}, "task")
                   .toJson()
                   .contains("source"));
  EXPECT_NE(err(R"({"dataset": "csv"})").find("path"), std::string::npos);
  EXPECT_NE(err(R"({"dataset": "spam_assassin", "groups": [[0], [1]]})").find("groups"),
            std::string::npos);
  EXPECT_NE(err(R"({"dataset": "csv", "path": "a.csv", "max_len": 8})").find("text_column"),
            std::string::npos);
  const TaskShape shape = taskShape(t);
  EXPECT_TRUE(shape.tokens);
  EXPECT_EQ(shape.inputShape, std::vector<int64_t>{64});
  EXPECT_EQ(shape.numClasses, 2);
}

TEST_F(TextTaskTest, MissingFileNamesIt) {
  const std::string msg = errorOf([&] { loadTask(csvTask(path("absent.csv"))); });
  EXPECT_NE(msg.find("absent.csv"), std::string::npos) << msg;
}

/// The installed corpora (packaging/fetch-data.sh); skipped with the missing step otherwise.
void expectCorpus(const TaskSpec& spec, int64_t total) {
  std::shared_ptr<const TaskData> task;
  const auto t0 = std::chrono::steady_clock::now();
  try {
    task = loadTask(spec);
  } catch (const DataError& e) {
    GTEST_SKIP() << e.what();
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(task->train.size() + task->test.size(), total);
  EXPECT_TRUE(wellFormedRows(task->test.x));
  EXPECT_EQ(task->numClasses, 2);
  // Both classes in both splits.
  EXPECT_GT(task->test.y.sum().item<int64_t>(), 0);
  EXPECT_LT(task->test.y.sum().item<int64_t>(), task->test.size());
  ::testing::Test::RecordProperty("load_seconds", std::to_string(secs));
}

TEST(TextCorpusTaskTest, SpamAssassin) {
  TaskSpec t;
  t.dataset = "spam_assassin";
  expectCorpus(t, 6046);
}

TEST(TextCorpusTaskTest, SentimentYelpAndFineFood) {
  TaskSpec s;
  s.dataset = "sentiment";
  s.source = "yelp";
  expectCorpus(s, 1000);
  TaskSpec f;
  f.dataset = "fine_food";
  expectCorpus(f, 5000);
}

}  // namespace
}  // namespace w2s
