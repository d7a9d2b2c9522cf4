// Pretraining: next-token pretraining helps a later finetune, pretrain jobs in the plan (one per
// size, shared across seeds and sweeps), a tiny end-to-end sweep with a pretrained ladder, and
// rotation pretraining on images.
#include "core/run/PretrainJob.h"

#include <gtest/gtest.h>

#include "core/data/TaskData.h"
#include "core/models/Classifier.h"
#include "core/run/SweepRunner.h"
#include "core/sweep/SweepSpec.h"
#include "core/text/BpeTokenizer.h"
#include "core/train/Pretrainer.h"
#include "core/util/Error.h"
#include "tests/core/run/TextFixtures.h"
#include "tests/core/run/TinySweep.h"

namespace w2s {
namespace {

using json = nlohmann::json;

/// Texts of the test grammar as one <bos> ... <eos> stream.
torch::Tensor streamOf(const BpeTokenizer& tok, int texts, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<int64_t> ids;
  for (int i = 0; i < texts; ++i) {
    ids.push_back(BpeTokenizer::kBos);
    for (int32_t t : tok.encode(test::grammarText(rng, i % 2, 2))) ids.push_back(t);
    ids.push_back(BpeTokenizer::kEos);
  }
  return torch::tensor(ids, torch::kInt64);
}

TEST(PretrainTest, PretrainThenFinetuneBeatsScratchOnHeldOutNextTokenLoss) {
  std::mt19937 rng(5);
  std::vector<std::string> corpus;
  for (int i = 0; i < 200; ++i) corpus.push_back(test::grammarText(rng, i % 2, 2));
  const BpeTokenizer tok = BpeTokenizer::train(corpus, 300);
  const torch::Tensor big = streamOf(tok, 400, 11);     // pretraining corpus
  const torch::Tensor small = streamOf(tok, 12, 12);    // the finetuning corpus
  const torch::Tensor heldOut = streamOf(tok, 60, 13);  // held-out texts of the same kind
  TransformerShape shape;
  shape.vocab = 300;
  shape.maxLen = 32;
  shape.dModel = 32;
  shape.layers = 2;
  shape.heads = 2;
  shape.dFF = 64;
  const torch::Device cpu(torch::kCPU);

  torch::manual_seed(7);
  TransformerImpl pretrained(shape);
  PretrainConfig pc;
  pc.steps = 150;
  pc.lr = 3e-3;
  pc.batchSize = 16;
  pc.evalEvery = 50;
  const PretrainResult pr = pretrainLanguageModel(pretrained, big, heldOut, 24, pc, cpu);
  ASSERT_EQ(pr.curve.size(), 3u);
  EXPECT_LT(pr.curve.back().testLoss, pr.curve.front().testLoss);

  // The backbone travels through its archive into a fresh model, as pretrain jobs do.
  torch::manual_seed(7);
  TransformerImpl finetuned(shape);
  loadBackbone(finetuned, saveBackbone(pretrained), "test");
  torch::manual_seed(7);
  TransformerImpl scratch(shape);

  PretrainConfig ft;
  ft.steps = 20;
  ft.lr = 1e-3;
  ft.batchSize = 8;
  ft.evalEvery = 20;
  const double lossFinetuned =
      pretrainLanguageModel(finetuned, small, heldOut, 24, ft, cpu).curve.back().testLoss;
  const double lossScratch =
      pretrainLanguageModel(scratch, small, heldOut, 24, ft, cpu).curve.back().testLoss;
  EXPECT_LT(lossFinetuned, lossScratch - 0.5)
      << "pretrained+finetuned " << lossFinetuned << " vs scratch " << lossScratch;
}

TEST(PretrainTest, BackboneArchiveLeavesTheHeadAndChecksShapes) {
  ModelSpec m;
  m.name = "t";
  m.family = "transformer";
  m.dModel = 16;
  m.layers = 1;
  m.heads = 2;
  torch::manual_seed(1);
  auto a = makeModel(m, {8}, 4, 50);  // e.g. pretrained with another head
  torch::manual_seed(2);
  auto b = makeModel(m, {8}, 2, 50);
  loadBackbone(*b, saveBackbone(*a), "test");
  const auto pa = a->named_parameters(), pb = b->named_parameters();
  for (const auto& p : pb) {
    if (isHeadParameter(p.key())) continue;
    EXPECT_TRUE(torch::equal(p.value(), pa[p.key()])) << p.key();
  }
  m.dModel = 8;
  m.heads = 1;
  auto c = makeModel(m, {8}, 2, 50);
  EXPECT_THROW(loadBackbone(*c, saveBackbone(*a), "test"), Error);
  EXPECT_THROW(loadBackbone(*c, "not an archive", "test"), Error);
}

/// A sentiment sweep (the planner needs no data for built-in text tasks).
json textSweep() {
  return json::parse(R"({
    "task": {"dataset": "sentiment", "source": "yelp", "max_len": 32},
    "ladder": [
      {"name": "t8", "family": "transformer", "d_model": 8, "layers": 1, "heads": 2},
      {"name": "t16", "family": "transformer", "d_model": 16, "layers": 1, "heads": 2,
       "pretrained": true},
      {"name": "t16s", "family": "transformer", "d_model": 16, "layers": 1, "heads": 2},
      {"name": "t32", "family": "transformer", "d_model": 32, "layers": 1, "heads": 2,
       "pretrained": true}],
    "weak_sizes": ["t8"],
    "strong_sizes": ["t16", "t16s", "t32"],
    "seeds": [0, 1],
    "pretrain": {"steps": 50}
  })");
}

std::vector<const Job*> ofKind(const Plan& p, JobKind k) {
  std::vector<const Job*> out;
  for (const auto& j : p.jobs) {
    if (j.kind == k) out.push_back(&j);
  }
  return out;
}

std::string pretrainOf(const Plan& p, const std::string& size) {
  for (const Job* j : ofKind(p, JobKind::Pretrain)) {
    if (j->labels.at("size") == size) return j->hash;
  }
  return "";
}

TEST(PretrainTest, PlannerMakesOnePretrainJobPerSizeAndReusesIt) {
  const Plan plan = planSweep(SweepSpec::fromJson(textSweep(), "text.json"));
  EXPECT_EQ(plan.count(JobKind::Pretrain), 2u);  // t16 and t32, shared by both seeds
  EXPECT_EQ(plan.count(JobKind::Ceiling), 6u);
  const std::string p16 = pretrainOf(plan, "t16");
  ASSERT_FALSE(p16.empty());
  EXPECT_FALSE(plan.find(p16)->config.contains("seed"));
  for (const auto& j : plan.jobs) {
    if (j.kind == JobKind::Pretrain) continue;
    const std::string size = j.labels.value("strong_size", j.labels.value("size", ""));
    const bool pretrained = size == "t16" || size == "t32";
    EXPECT_EQ(j.config.contains("pretrain"), pretrained) << size;
    if (pretrained) {
      const std::string dep = j.config.at("pretrain");
      EXPECT_EQ(dep, pretrainOf(plan, size));
      EXPECT_NE(std::find(j.deps.begin(), j.deps.end(), dep), j.deps.end());
      EXPECT_LT(plan.jobs.size(), 100u);
    }
  }
  // Dependencies come first in plan order.
  std::set<std::string> seen;
  for (const auto& j : plan.jobs) {
    for (const auto& d : j.deps) EXPECT_TRUE(seen.count(d)) << toString(j.kind);
    seen.insert(j.hash);
  }

  // Another sweep (other seeds, another loss, another pooling): the same pretrain jobs.
  json other = textSweep();
  other["seeds"] = {3};
  other["losses"] = {"logconf"};
  other["ladder"][1]["pooling"] = "mean";
  const Plan again = planSweep(SweepSpec::fromJson(other, "other.json"));
  EXPECT_EQ(pretrainOf(again, "t16"), p16);
  // Different pretraining settings: a different pretrained model.
  json longer = textSweep();
  longer["pretrain"]["steps"] = 51;
  EXPECT_NE(pretrainOf(planSweep(SweepSpec::fromJson(longer, "l.json")), "t16"), p16);
}

TEST(PretrainTest, PretrainedFlagOnlyWhereSomethingIsPretrained) {
  json j = textSweep();
  j["ladder"][0]["family"] = "glove";
  j["ladder"][0]["pretrained"] = true;
  EXPECT_THROW(planSweep(SweepSpec::fromJson(j, "g.json")), SpecError);
  json v = textSweep();
  v["views"] = {{{"name", "noisy"}, {"type", "noise"}, {"sigma", 0.5}}};
  EXPECT_THROW(planSweep(SweepSpec::fromJson(v, "v.json")), SpecError);  // token ids take no noise
}

TEST(PretrainTest, TinyPretrainedSweepEndToEnd) {
  auto dir = test::tempDir("pretrain-e2e");
  const std::string csv = test::writeGrammarCsv(dir / "g.csv", 240, 21, 2);
  const std::string db = (dir / "runs.db").string();
  json j = {{"name", "tiny-text"},
            {"task", {{"dataset", "csv"}, {"path", csv}, {"text_column", "text"},
                      {"vocab_size", 300}, {"max_len", 32}}},
            {"ladder", json::parse(R"([
               {"name": "t8", "family": "transformer", "d_model": 8, "layers": 1, "heads": 2},
               {"name": "t32", "family": "transformer", "d_model": 32, "layers": 1, "heads": 2,
                "pretrained": true},
               {"name": "t32s", "family": "transformer", "d_model": 32, "layers": 1, "heads": 2}
             ])")},
            {"weak_sizes", {"t8"}},
            {"strong_sizes", {"t32", "t32s"}},
            {"pretrain", {{"steps", 60}, {"batch_size", 16}, {"lr", 3e-3}, {"eval_every", 30}}},
            {"train", {{"epochs", 2}, {"batch_size", 16}, {"lr", 2e-3}, {"eval_every", 10}}}};
  const SweepSpec spec = SweepSpec::fromJson(j, "tiny-text.json");
  CancelToken cancel;
  const RunSummary s = SweepRunner(db, RunOptions{1, 2, "cpu"}).run(spec, "", nullptr, cancel);
  EXPECT_EQ(s.failed, 0);
  EXPECT_EQ(s.done, s.planned);
  EXPECT_EQ(s.planned, 1 + 1 + 2 + 2);  // pretrain, weak, 2 ceilings, 2 students

  RunStore store(db);
  const Plan plan = planSweep(spec);
  const std::string p = pretrainOf(plan, "t32");
  const auto rec = store.job(p);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->kind, JobKind::Pretrain);
  EXPECT_EQ(store.curve(p).size(), 2u);
  EXPECT_EQ(store.summary(p).at("objective"), "next_token");
  const auto tokenizer = store.weights(p, "bpe-json");
  ASSERT_TRUE(tokenizer);
  EXPECT_EQ(BpeTokenizer::fromJson(json::parse(*tokenizer), "t").vocabSize(),
            loadTask(spec.task)->tokenizer->vocabSize());
  ASSERT_TRUE(store.weights(p, "torch-backbone"));
  for (const auto& job : store.jobs()) {
    EXPECT_EQ(job.status, JobStatus::Done) << job.kind;
    if (job.kind == JobKind::Ceiling || job.kind == JobKind::Student) {
      EXPECT_GT(job.finalAcc, 0.5) << job.kind;
    }
  }
  // Run again: everything is reused, the pretrain job included.
  const RunSummary again = SweepRunner(db, RunOptions{1, 2, "cpu"}).run(spec, "", nullptr, cancel);
  EXPECT_EQ(again.reused, again.planned);
  EXPECT_EQ(again.done, 0);
}

TEST(PretrainTest, RotationPretrainingLearnsOnFashionMnist) {
  TaskSpec t;
  t.trainSize = 2000;
  t.testSize = 500;
  std::shared_ptr<const TaskData> task;
  try {
    task = loadTask(t);
  } catch (const DataError& e) {
    GTEST_SKIP() << e.what();
  }
  ModelSpec m;
  m.name = "c4";
  m.family = "cnn";
  m.channels = 4;
  torch::manual_seed(0);
  auto model = makeModel(m, {1, 28, 28}, 4);
  PretrainConfig pc;
  pc.steps = 150;
  pc.batchSize = 32;
  pc.lr = 3e-3;
  pc.evalEvery = 150;
  const PretrainResult r =
      pretrainRotation(*model, task->train.x, task->test.x, pc, torch::Device(torch::kCPU));
  ASSERT_EQ(r.curve.size(), 1u);
  EXPECT_GT(r.curve.back().testAcc, 0.5);  // chance is 0.25
  EXPECT_EQ(r.examplesSeen, 150 * 32);
}

}  // namespace
}  // namespace w2s
