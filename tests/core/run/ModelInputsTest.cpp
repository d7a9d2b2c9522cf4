// Features computed from a text task's inputs: bag of words and GloVe coverage.
#include <gtest/gtest.h>

#include "core/data/TaskData.h"
#include "core/run/ModelInputs.h"
#include "core/run/SweepRunner.h"
#include "core/store/RunStore.h"
#include "core/sweep/SweepSpec.h"
#include "core/util/Error.h"
#include "tests/core/run/TextFixtures.h"
#include "tests/core/run/TinySweep.h"

namespace w2s {
namespace {

using json = nlohmann::json;

TaskSpec grammarTask(const std::string& dir) {
  TaskSpec spec;
  spec.dataset = "csv";
  spec.path = test::writeGrammarCsv(test::tempDir(dir) / "g.csv", 200, 5, 1);
  spec.textColumn = "text";
  spec.vocabSize = 300;
  spec.maxLen = 32;
  return spec;
}

ModelSpec bow(int buckets) {
  ModelSpec m;
  m.name = "b";
  m.family = "bow";
  m.buckets = buckets;
  m.depth = 0;
  return m;
}

TEST(ModelInputsTest, BowFeaturesAreUnitTfIdfRowsOfTheVisibleText) {
  const auto task = loadTask(grammarTask("inputs-bow"));
  const ModelInputs in = modelInputs(bow(512), *task);
  EXPECT_EQ(in.train.sizes(), (std::vector<int64_t>{160, 512}));
  EXPECT_EQ(in.test.sizes(), (std::vector<int64_t>{40, 512}));
  const torch::Tensor norms = torch::cat({in.train, in.test}).norm(2, 1);
  EXPECT_TRUE(torch::allclose(norms, torch::ones_like(norms), 1e-5, 1e-5));
  // Cached per task and options: the same tensors again; other options, other features.
  EXPECT_TRUE(modelInputs(bow(512), *task).train.is_same(in.train));
  EXPECT_EQ(modelInputs(bow(256), *task).train.size(1), 256);
  ModelSpec image = bow(512);
  TaskSpec synthetic;
  synthetic.dataset = "synthetic";
  EXPECT_THROW(modelInputs(image, *loadTask(synthetic)), SpecError);
}

TEST(ModelInputsTest, BowLearnsTheGrammarAsWeakModelAndStudent) {
  const TaskSpec spec = grammarTask("inputs-bow-run");
  json j = {{"task", spec.toJson()},
            {"ladder",
             {{{"name", "b1"}, {"family", "bow"}, {"ngrams", 1}, {"buckets", 64}},
              {{"name", "b2"}, {"family", "bow"}, {"buckets", 4096}, {"char_ngrams", 4}}}},
            {"weak_sizes", {"b1"}},
            {"strong_sizes", {"b2"}},
            {"pairs", "all"},
            {"train", {{"lr", 0.05}, {"epochs", 10}, {"batch_size", 16}}}};
  const std::string db = (test::tempDir("inputs-bow-db") / "runs.db").string();
  CancelToken cancel;
  const RunSummary s = SweepRunner(db, RunOptions{1, 2, "cpu"})
                           .run(SweepSpec::fromJson(j, "bow.json"), "", nullptr, cancel);
  EXPECT_EQ(s.failed, 0);
  RunStore store(db);
  int students = 0;
  for (const auto& job : store.jobs()) {
    // The adjectives carry the label: every bow model learns it.
    if (job.kind != JobKind::Pretrain) {
      EXPECT_GT(job.finalAcc, 0.85) << job.labels.dump();
    }
    students += job.kind == JobKind::Student;
  }
  EXPECT_EQ(students, 1);
}

TEST(ModelInputsTest, GloveCoverageCountsWordsAndTypesAndGloveInputsCarryIt) {
  WordCoverage c;
  try {
    c = gloveCoverage({"the cat saw the qzxwvk", "The Cat"});
  } catch (const DataError& e) {
    GTEST_SKIP() << e.what();
  }
  EXPECT_EQ(c.words, 7);
  EXPECT_EQ(c.known, 6);  // capitalised words are found lowercased
  EXPECT_EQ(c.types, 6);  // the, cat, saw, qzxwvk, The, Cat
  EXPECT_EQ(c.knownTypes, 5);
  EXPECT_NEAR(c.oovRate(), 1.0 / 7, 1e-12);
  ModelSpec glove;
  glove.name = "g";
  glove.family = "glove";
  const ModelInputs in = modelInputs(glove, *loadTask(grammarTask("inputs-glove")));
  // Of the grammar's 22 words only "a" is missing (these vectors leave out some stop words).
  EXPECT_NEAR(in.facts.at("glove_oov_types").get<double>(), 1.0 / 22, 1e-9);
  EXPECT_GT(in.facts.at("glove_oov_rate").get<double>(), 0.02);
  EXPECT_LT(in.facts.at("glove_oov_rate").get<double>(), 0.15);
}

TEST(ModelInputsTest, RandomVectorsKeepTheWordsAndLengthsNotTheVectors) {
  const auto task = loadTask(grammarTask("inputs-random"));
  ModelSpec glove;
  glove.name = "g";
  glove.family = "glove";
  ModelSpec random = glove;
  random.vectors = "random";
  ModelInputs g, r;
  try {
    g = modelInputs(glove, *task);
    r = modelInputs(random, *task);
  } catch (const DataError& e) {
    GTEST_SKIP() << e.what();
  }
  ASSERT_EQ(r.train.sizes(), g.train.sizes());
  EXPECT_FALSE(torch::allclose(r.train, g.train));
  // Means of the same number of vectors of about the same lengths: similar row norms.
  const double ratio = (r.train.norm(2, 1).mean() / g.train.norm(2, 1).mean()).item<double>();
  EXPECT_GT(ratio, 0.5);
  EXPECT_LT(ratio, 1.5);
  // The same words count: a row is zero in one exactly where it is zero in the other.
  EXPECT_TRUE(torch::equal(r.train.abs().sum(1).gt(0), g.train.abs().sum(1).gt(0)));
  // Fixed per word: the same features from a second computation.
  ModelSpec again = random;
  again.name = "other";
  EXPECT_TRUE(torch::equal(modelInputs(again, *task).train, r.train));
  EXPECT_THROW(ModelSpec::fromJson({{"name", "b"}, {"family", "bow"}, {"vectors", "random"}}, "l"),
               SpecError);
}

}  // namespace
}  // namespace w2s
