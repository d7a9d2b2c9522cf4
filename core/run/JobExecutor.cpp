// Executes one planned job: rebuilds everything from the job's self-contained config.
#include <chrono>
#include <ctime>
#include <mutex>

#include "core/data/ApplyView.h"
#include "core/data/Splits.h"
#include "core/data/TaskData.h"
#include "core/metrics/JobMetrics.h"
#include "core/models/Classifier.h"
#include "core/run/EarlyStopping.h"
#include "core/run/ModelInputs.h"
#include "core/run/PretrainJob.h"
#include "core/run/SweepRunner.h"
#include "core/run/SyntheticLabels.h"
#include "core/store/RunStore.h"
#include "core/sweep/InputFiles.h"
#include "core/train/Pretrainer.h"
#include "core/train/TrainModes.h"
#include "core/train/Trainer.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"
#include "core/util/Salts.h"

namespace w2s {

namespace {

// torch's default generator is process-global: model initialisation is serialised so that
// concurrent workers each get the init their seed determines.
std::mutex& initMutex() { return modelInitMutex(); }

ProbMatrix toProbMatrix(const torch::Tensor& probs) {
  torch::Tensor p = probs.to(torch::kCPU).to(torch::kFloat32).contiguous();
  ProbMatrix m;
  m.rows = p.size(0);
  m.cols = p.size(1);
  m.data.assign(p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
  return m;
}

torch::Tensor fromProbMatrix(const ProbMatrix& m) {
  return torch::from_blob(const_cast<float*>(m.data.data()), {m.rows, m.cols}, torch::kFloat32)
      .clone();
}

std::string nowIso() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

}  // namespace

JobResult executeJob(const Job& job, const std::string& dbPath, const std::string& deviceName,
                     TrainObserver* observer, const CancelToken* cancel) {
  if (job.kind == JobKind::Weak && job.config.contains("label_source")) {
    return executeLabelSourceJob(job);  // a synthetic supervisor: nothing to train
  }
  if (job.kind == JobKind::Pretrain) {
    return executePretrainJob(job, dbPath, deviceName, observer, cancel);
  }
  const auto& cfg = job.config;
  const std::string where = "job " + job.hash.substr(0, 12);
  const TaskSpec taskSpec = TaskSpec::fromJson(cfg.at("task"), where + ": task");
  nlohmann::json modelJson = cfg.at("model");
  modelJson["name"] = job.labels.value("size", job.labels.value("strong_size", std::string("m")));
  const ModelSpec modelSpec = ModelSpec::fromJson(modelJson, where + ": model");
  const TrainConfig trainCfg = TrainConfig::fromJson(cfg.at("train"), where + ": train");
  const uint64_t seed = cfg.at("seed").get<uint64_t>();
  const torch::Device device = chooseDevice(deviceName);

  // The files must still hold what the sweep was planned on (the job hash names their contents).
  checkInputDigest(taskSpec.path, taskSpec.pathSha256, where + ": task.path");
  checkInputDigest(modelSpec.path, modelSpec.pathSha256, where + ": model.path");
  auto task = loadTask(taskSpec);
  const HalfSplit split = splitHalves(task->train.size(), seed);
  const int64_t numClasses = task->numClasses;

  std::shared_ptr<Classifier> model;
  {
    std::lock_guard<std::mutex> lock(initMutex());
    torch::manual_seed(mixSeed(seed, salt::kInit, static_cast<uint64_t>(job.kind)));
    model = makeModel(modelSpec, task->inputShape, static_cast<int>(numClasses), task->vocabSize);
  }
  if (modelSpec.gloveInit && task->tokenizer) {
    initEmbeddingsFromGlove(*model, *task->tokenizer, mixSeed(seed, salt::kInit));
  }
  if (cfg.contains("pretrain")) {
    loadPretrainedBackbone(*model, cfg.at("pretrain").get<std::string>(), dbPath, where);
  }
  // ft(weak) then lp(gt): a trained student's backbone under a fresh head (train.mode
  // "linear_probe" keeps the backbone frozen).
  if (cfg.contains("init_from")) {
    loadStoredBackbone(*model, cfg.at("init_from").get<std::string>(), "student", dbPath, where);
  }
  // What this model reads: the task's inputs, or features (glove, embeddings) computed from them.
  const ModelInputs inputs = modelInputs(modelSpec, *task);

  TrainInputs in;
  LossSpec loss;  // ground-truth jobs train with plain cross-entropy to one-hot targets
  std::optional<ProbMatrix> weakLabels;
  std::vector<int64_t> weakLabelIds;
  torch::Tensor labelX;                 // weak jobs: the (viewed) inputs of half B to label
  std::optional<HeldOutSplit> heldOut;  // students with early_stop: weak-labelled validation rows

  if (job.kind == JobKind::Weak) {
    const ViewSpec view = ViewSpec::fromJson(cfg.at("view"), where + ": view");
    const torch::Tensor xa = inputs.train.index_select(0, split.a);
    const torch::Tensor ida = task->train.ids.index_select(0, split.a);
    in.x = applyView(xa, ida, view, seed, salt::kTrainView);
    in.targets =
        torch::one_hot(task->train.y.index_select(0, split.a), numClasses).to(torch::kFloat32);
    in.testX = applyView(inputs.test, task->test.ids, view, seed, salt::kTestView);
    const torch::Tensor xb = inputs.train.index_select(0, split.b);
    const torch::Tensor idb = task->train.ids.index_select(0, split.b);
    labelX = applyView(xb, idb, view, seed, salt::kTrainView);
  } else if (job.kind == JobKind::Ceiling) {
    in.x = inputs.train.index_select(0, split.b);
    in.targets =
        torch::one_hot(task->train.y.index_select(0, split.b), numClasses).to(torch::kFloat32);
    in.testX = inputs.test;
  } else {
    loss = LossSpec::fromJson(cfg.at("loss"), where + ": loss");
    const std::string weakHash = cfg.at("weak").get<std::string>();
    RunStore store(dbPath);
    std::vector<int64_t> ids;
    auto labels = store.labels(weakHash, &ids);
    auto weakTest = store.testProbs(weakHash);
    if (!labels || !weakTest) {
      throw Error(where + ": the labels of its supervisor " + weakHash.substr(0, 12) +
                  " are not in the store " + dbPath);
    }
    const torch::Tensor idb = task->train.ids.index_select(0, split.b);
    if (labels->rows != split.b.size(0) || !torch::equal(torch::tensor(ids, torch::kInt64), idb)) {
      throw Error(where + ": the stored weak labels do not cover this job's half B");
    }
    in.x = inputs.train.index_select(0, split.b);
    in.targets = fromProbMatrix(*labels);
    in.testX = inputs.test;
    in.supervisorTestPred = fromProbMatrix(*weakTest).argmax(1);
    // A bootstrapping step labels all of half B for the next student of its chain.
    if (cfg.value("emit_labels", false)) labelX = in.x;
    if (cfg.contains("early_stop")) {
      heldOut = holdOutWeakLabelled(in, cfg.at("early_stop").at("val_frac").get<double>(),
                                    mixSeed(seed, salt::kHoldOut));
    }
  }
  in.testY = task->test.y;

  std::optional<WeakAgreementTracker> tracker;
  if (heldOut) {
    tracker.emplace(*model, *heldOut, device, observer);
    observer = &*tracker;
  }
  const auto started = std::chrono::steady_clock::now();
  const std::string startedAt = nowIso();
  TrainResult tr = trainWithMode(*model, in, trainCfg, loss, mixSeed(seed, salt::kShuffle), device,
                                 observer, cancel);

  JobResult r;
  JobRecord& rec = r.record;
  rec.hash = job.hash;
  rec.kind = toString(job.kind);
  rec.config = job.config;
  rec.labels = job.labels;
  rec.status = "done";
  rec.startedAt = startedAt;
  rec.finishedAt = nowIso();
  rec.paramCount = parameterCount(*model);
  if (job.kind == JobKind::Student) rec.weakHash = cfg.at("weak").get<std::string>();
  r.curve = tr.curve;
  if (!tr.curve.empty()) {
    rec.finalAcc = tr.curve.back().testAcc;
    rec.bestAcc = -1;
    for (const auto& p : tr.curve) {
      if (p.testAcc > rec.bestAcc) {
        rec.bestAcc = p.testAcc;
        rec.bestStep = p.step;
      }
    }
  }
  r.testProbs = toProbMatrix(tr.testProbs);
  if (cfg.value("emit_backbone", false)) r.weights[kBackboneWeights] = saveBackbone(*model);
  if (labelX.defined()) {
    r.labels = toProbMatrix(predictProbs(*model, labelX, device));
    const torch::Tensor idb = task->train.ids.index_select(0, split.b).contiguous();
    r.labelIds.assign(idb.data_ptr<int64_t>(), idb.data_ptr<int64_t>() + idb.numel());
  }
  r.summary = {{"steps", tr.steps},
               {"train_seconds", tr.seconds},
               {"device", device.str()},
               {"train_examples", in.x.size(0)},
               {"test_examples", in.testX.size(0)},
               {"torch_threads", at::get_num_threads()}};
  if (task->tokens) {
    // Examples longer than max_len are cut, never dropped: say how many.
    r.summary["truncated_train"] = task->truncatedTrain;
    r.summary["truncated_test"] = task->truncatedTest;
  }
  {
    // AUROC and calibration of the final test probabilities (docs/science.md, "Metrics").
    const torch::Tensor y = task->test.y.to(torch::kInt32).contiguous();
    const std::vector<int> truth(y.data_ptr<int>(), y.data_ptr<int>() + y.numel());
    std::vector<double> logProbs;
    if (tr.testLogProbs.defined()) {
      const torch::Tensor lp = tr.testLogProbs.to(torch::kCPU, torch::kDouble).contiguous();
      logProbs.assign(lp.data_ptr<double>(), lp.data_ptr<double>() + lp.numel());
    }
    r.summary.update(
        testSetMetrics(r.testProbs.data, static_cast<int>(r.testProbs.cols), truth,
                       logProbs.size() == r.testProbs.data.size() ? &logProbs : nullptr));
  }
  if (tracker) r.summary.update(tracker->summary());
  if (!tr.curve.empty() && job.kind == JobKind::Student) {
    const auto& last = tr.curve.back();
    r.summary["agree_all"] = last.agreeAll;
    r.summary["agree_right"] = last.agreeRight;
    r.summary["agree_wrong"] = last.agreeWrong;
  }
  rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return r;
}

}  // namespace w2s
