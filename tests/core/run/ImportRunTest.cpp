// Imported ladder members inside sweeps: an embeddings file as a linear probe, a TorchScript
// module finetuned, and GloVe features when the vectors are installed.
#include <gtest/gtest.h>

#include <fstream>

#include "core/data/TaskData.h"
#include "core/io/Npy.h"
#include "core/models/Classifier.h"
#include "core/run/ModelInputs.h"
#include "core/run/SweepRunner.h"
#include "core/sweep/SweepSpec.h"
#include "core/text/BpeTokenizer.h"
#include "core/util/Error.h"
#include "tests/core/run/TextFixtures.h"
#include "tests/core/run/TinySweep.h"

namespace w2s {
namespace {

using json = nlohmann::json;

json syntheticTask() {
  return {{"dataset", "synthetic"}, {"dim", 6}, {"classes", 2}, {"n_train", 600}, {"n_test", 200},
          {"nonlinearity", 0.0},    {"seed", 4}};
}

RunSummary runSweep(const json& j, const std::string& db) {
  CancelToken cancel;
  return SweepRunner(db, RunOptions{1, 2, "cpu"})
      .run(SweepSpec::fromJson(j, "import.json"), "", nullptr, cancel);
}

double ceilingAcc(const std::string& db, const std::string& size) {
  RunStore store(db);
  for (const auto& job : store.jobs()) {
    if (job.kind == JobKind::Ceiling && job.labels.value("size", "") == size) return job.finalAcc;
  }
  return -1;
}

TEST(ImportRunTest, EmbeddingsFileTrainsAsALinearProbe) {
  auto dir = test::tempDir("import-emb");
  const std::string db = (dir / "runs.db").string();
  // Rows: the task's training examples, then its test examples; one feature is the label.
  const auto task = loadTask(TaskSpec::fromJson(syntheticTask(), "task"));
  const torch::Tensor y = torch::cat({task->train.y, task->test.y}).to(torch::kFloat);
  const torch::Tensor rows = torch::cat({y.unsqueeze(1) * 2 - 1, torch::randn({y.size(0), 3})}, 1);
  const std::vector<float> v(rows.data_ptr<float>(), rows.data_ptr<float>() + rows.numel());
  writeNpy((dir / "emb.npy").string(), NdArray::fromFloat32({rows.size(0), 4}, v));
  json j = {{"task", syntheticTask()},
            {"ladder",
             {{{"name", "w2"}, {"width", 2}},
              {{"name", "emb"}, {"family", "embeddings"}, {"path", (dir / "emb.npy").string()}}}},
            {"weak_sizes", {"w2"}},
            {"strong_sizes", {"emb"}},
            {"pairs", "all"},
            {"train", {{"lr", 0.01}, {"epochs", 2}, {"batch_size", 32}}}};
  const RunSummary s = runSweep(j, db);
  EXPECT_EQ(s.failed, 0);
  EXPECT_GT(ceilingAcc(db, "emb"), 0.95);
  RunStore store(db);
  for (const auto& job : store.jobs()) {
    if (job.labels.value("size", "") == "emb") {
      EXPECT_EQ(job.paramCount, 4 * 2 + 2);
    }
  }

  // A file with the wrong number of rows names both counts.
  writeNpy((dir / "short.npy").string(), NdArray::fromFloat32({3, 4}, std::vector<float>(12)));
  j["ladder"][1]["path"] = (dir / "short.npy").string();
  const RunSummary bad = runSweep(j, (dir / "bad.db").string());
  EXPECT_EQ(bad.failed, 2);  // the emb ceiling and the w2 -> emb student
  RunStore badStore((dir / "bad.db").string());
  for (const auto& job : badStore.jobs()) {
    if (job.status == JobStatus::Failed) {
      EXPECT_NE(job.error.find("expected 800 rows"), std::string::npos);
    }
  }
}

TEST(ImportRunTest, TorchScriptMemberFinetunesInASweep) {
  if (std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3-torch is not installed (apt-get install python3-torch)";
  }
  auto dir = test::tempDir("import-ts");
  const std::string pt = (dir / "body.pt").string();
  // torch.jit.script reads the module's source, so the script is a file, not `python3 -c`.
  const std::string script = (dir / "make_body.py").string();
  {
    std::ofstream py(script);
    py << "import sys, torch\n"
          "class B(torch.nn.Module):\n"
          "    def __init__(self):\n"
          "        super().__init__()\n"
          "        self.fc = torch.nn.Linear(6, 32)\n"
          "    def forward(self, x):\n"
          "        return torch.tanh(self.fc(x))\n"
          "torch.manual_seed(0)\n"
          "torch.jit.script(B()).save(sys.argv[1])\n";
  }
  const std::string cmd = "/usr/bin/python3 " + script + " " + pt;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  json j = {
      {"task", syntheticTask()},
      {"ladder",
       {{{"name", "w2"}, {"width", 2}}, {{"name", "ts"}, {"family", "torchscript"}, {"path", pt}}}},
      {"weak_sizes", {"w2"}},
      {"strong_sizes", {"ts"}},
      {"pairs", "all"},
      {"train", {{"lr", 0.01}, {"epochs", 3}, {"batch_size", 32}}}};
  const std::string db = (dir / "runs.db").string();
  EXPECT_EQ(runSweep(j, db).failed, 0);
  EXPECT_GT(ceilingAcc(db, "ts"), 0.85);
}

TEST(ImportRunTest, GloveWordsAndPooledFeatures) {
  auto dir = test::tempDir("import-glove");
  TaskSpec spec;
  spec.dataset = "csv";
  spec.path = test::writeGrammarCsv(dir / "g.csv", 100, 3, 1);
  spec.textColumn = "text";
  spec.vocabSize = 300;
  spec.maxLen = 32;
  const auto task = loadTask(spec);
  ModelSpec glove;
  glove.name = "g";
  glove.family = "glove";
  ModelInputs in;
  try {
    in = modelInputs(glove, *task);
  } catch (const DataError& e) {
    GTEST_SKIP() << e.what();
  }
  EXPECT_EQ(in.train.sizes(), (std::vector<int64_t>{80, 100}));
  EXPECT_EQ(in.test.sizes(), (std::vector<int64_t>{20, 100}));
  // Every grammar word is in GloVe: no row is the zero vector.
  EXPECT_TRUE(in.train.abs().sum(1).gt(0).all().item<bool>());
  // A glove linear probe separates the grammar's positive and negative adjectives.
  json j = {{"task", spec.toJson()},
            {"ladder",
             {{{"name", "g"}, {"family", "glove"}},
              {{"name", "g2"}, {"family", "glove"}, {"width", 8}, {"depth", 1}}}},
            {"weak_sizes", {"g"}},
            {"strong_sizes", {"g2"}},
            {"pairs", "all"},
            {"train", {{"lr", 0.03}, {"epochs", 20}, {"batch_size", 8}}}};
  const std::string db = (dir / "runs.db").string();
  EXPECT_EQ(runSweep(j, db).failed, 0);
  EXPECT_GT(ceilingAcc(db, "g2"), 0.7);
}

TEST(ImportRunTest, GloveInitialisedEmbeddingsKeepWordSimilarities) {
  std::vector<std::string> texts;
  for (int k = 0; k < 50; ++k) {
    texts.push_back("the food was good and the service was great");
    texts.push_back("the table was near the chair, the meal was good");
  }
  const BpeTokenizer tok = BpeTokenizer::train(texts, 320);
  ModelSpec spec;
  spec.name = "t";
  spec.family = "transformer";
  spec.dModel = 64;
  spec.layers = 1;
  spec.heads = 4;
  spec.gloveInit = true;
  torch::manual_seed(0);
  auto model = makeModel(spec, {16}, 2, tok.vocabSize());
  torch::Tensor weight;
  for (auto& p : model->named_parameters()) {
    if (p.key() == "tok.weight") weight = p.value();
  }
  ASSERT_TRUE(weight.defined());
  const torch::Tensor before = weight.detach().clone();
  int64_t set = 0;
  try {
    set = initEmbeddingsFromGlove(*model, tok, 7);
  } catch (const DataError& e) {
    GTEST_SKIP() << e.what();
  }
  EXPECT_GT(set, 5);
  auto id = [&](const std::string& word) {
    const auto ids = tok.encode(word);
    EXPECT_EQ(ids.size(), 1u) << "'" << word << "' is not one token";
    return ids.empty() ? 0 : ids.front();
  };
  auto row = [&](const std::string& word) { return weight.detach()[id(word)]; };
  auto cosine = [](const torch::Tensor& a, const torch::Tensor& b) {
    return (a.dot(b) / (a.norm() * b.norm())).item<double>();
  };
  // GloVe's neighbourhoods survive the projection: good ~ great, not good ~ chair.
  EXPECT_GT(cosine(row(" good"), row(" great")), cosine(row(" good"), row(" chair")) + 0.2);
  // Whole words changed, bytes that are not words kept their initialisation.
  EXPECT_FALSE(torch::equal(row(" good"), before[id(" good")]));
  EXPECT_TRUE(torch::equal(row(","), before[id(",")]));
  // The same seeds give the same rows.
  torch::manual_seed(0);
  auto again = makeModel(spec, {16}, 2, tok.vocabSize());
  initEmbeddingsFromGlove(*again, tok, 7);
  for (auto& p : again->named_parameters()) {
    if (p.key() == "tok.weight") {
      EXPECT_TRUE(torch::equal(p.value().detach()[id(" good")], row(" good")));
    }
  }
  // Only transformers have token embeddings to initialise.
  json mlp = {{"name", "m"}, {"family", "mlp"}, {"glove_init", true}};
  try {
    ModelSpec::fromJson(mlp, "ladder[0]");
    ADD_FAILURE() << "glove_init on an mlp was accepted";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("glove_init"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace w2s
