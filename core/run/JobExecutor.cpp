// Executes one planned job: rebuilds everything from the job's self-contained config. One
// function per job kind prepares what is trained on; training and the result are shared.
#include <mutex>
#include <optional>

#include "core/data/ApplyView.h"
#include "core/data/Splits.h"
#include "core/data/TaskData.h"
#include "core/metrics/JobMetrics.h"
#include "core/models/Classifier.h"
#include "core/run/EarlyStopping.h"
#include "core/run/JobRecordFill.h"
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

// What one weak, ceiling or student job reads: its task, split, model inputs and seed.
struct JobContext {
  const Job& job;
  std::string where;  // "job <hash prefix>", the start of every error
  uint64_t seed = 0;
  std::shared_ptr<const TaskData> task;
  HalfSplit split;
  ModelInputs inputs;
};

// What a job trains on, with what loss, and what it labels afterwards.
struct TrainingSetup {
  TrainInputs in;
  LossSpec loss;                        // ground truth: plain cross-entropy to one-hot targets
  torch::Tensor labelX;                 // inputs of half B to label (weak jobs, chain steps)
  std::optional<HeldOutSplit> heldOut;  // students with early_stop: weak-labelled validation
};

torch::Tensor oneHotOf(const torch::Tensor& y, int64_t classes) {
  return torch::one_hot(y, classes).to(torch::kFloat32);
}

// A weak model: ground truth on half A under its view; it labels half B, seen the same way.
TrainingSetup weakSetup(const JobContext& c) {
  const TaskData& task = *c.task;
  const ViewSpec view = ViewSpec::fromJson(c.job.config.at("view"), c.where + ": view");
  auto viewed = [&](const torch::Tensor& rows) {
    return applyView(c.inputs.train.index_select(0, rows), task.train.ids.index_select(0, rows),
                     view, c.seed, salt::kTrainView);
  };
  TrainingSetup s;
  s.in.x = viewed(c.split.a);
  s.in.targets = oneHotOf(task.train.y.index_select(0, c.split.a), task.numClasses);
  s.in.testX = applyView(c.inputs.test, task.test.ids, view, c.seed, salt::kTestView);
  s.labelX = viewed(c.split.b);
  return s;
}

// A ceiling: the strong model on ground truth of half B.
TrainingSetup ceilingSetup(const JobContext& c) {
  TrainingSetup s;
  s.in.x = c.inputs.train.index_select(0, c.split.b);
  s.in.targets = oneHotOf(c.task->train.y.index_select(0, c.split.b), c.task->numClasses);
  s.in.testX = c.inputs.test;
  return s;
}

// A student: its supervisor's stored labels on half B, under the job's loss.
TrainingSetup studentSetup(const JobContext& c, const RunStore& store) {
  const nlohmann::json& cfg = c.job.config;
  TrainingSetup s;
  s.loss = LossSpec::fromJson(cfg.at("loss"), c.where + ": loss");
  const std::string weakHash = cfg.at("weak").get<std::string>();
  std::vector<int64_t> ids;
  auto labels = store.labels(weakHash, &ids);
  auto weakTest = store.testProbs(weakHash);
  if (!labels || !weakTest) {
    throw Error(c.where + ": the labels of its supervisor " + weakHash.substr(0, 12) +
                " are not in the store " + store.path());
  }
  const torch::Tensor idb = c.task->train.ids.index_select(0, c.split.b);
  if (labels->rows != c.split.b.size(0) || !torch::equal(torch::tensor(ids, torch::kInt64), idb)) {
    throw Error(c.where + ": the stored weak labels do not cover this job's half B");
  }
  s.in.x = c.inputs.train.index_select(0, c.split.b);
  s.in.targets = fromProbMatrix(*labels);
  s.in.testX = c.inputs.test;
  s.in.supervisorTestPred = fromProbMatrix(*weakTest).argmax(1);
  // A bootstrapping step labels all of half B for the next student of its chain.
  if (cfg.value("emit_labels", false)) s.labelX = s.in.x;
  if (cfg.contains("early_stop")) {
    s.heldOut = holdOutWeakLabelled(s.in, cfg.at("early_stop").at("val_frac").get<double>(),
                                    mixSeed(c.seed, salt::kHoldOut));
  }
  return s;
}

// The per-job summary: training facts, test-set metrics, early stopping and agreement.
nlohmann::json trainingSummary(const JobContext& c, const TrainingSetup& s, const TrainResult& tr,
                               const ProbMatrix& testProbs, const torch::Device& device) {
  const TaskData& task = *c.task;
  nlohmann::json summary = {{"steps", tr.steps},
                            {"train_seconds", tr.seconds},
                            {"device", device.str()},
                            {"train_examples", s.in.x.size(0)},
                            {"test_examples", s.in.testX.size(0)},
                            {"torch_threads", at::get_num_threads()}};
  if (task.tokens) {
    // Examples longer than max_len are cut, never dropped: say how many.
    summary["truncated_train"] = task.truncatedTrain;
    summary["truncated_test"] = task.truncatedTest;
  }
  summary.update(c.inputs.facts);
  // AUROC and calibration of the final test probabilities (docs/science.md, "Metrics").
  const torch::Tensor y = task.test.y.to(torch::kInt32).contiguous();
  const std::vector<int> truth(y.data_ptr<int>(), y.data_ptr<int>() + y.numel());
  std::vector<double> logProbs;
  if (tr.testLogProbs.defined()) {
    const torch::Tensor lp = tr.testLogProbs.to(torch::kCPU, torch::kDouble).contiguous();
    logProbs.assign(lp.data_ptr<double>(), lp.data_ptr<double>() + lp.numel());
  }
  summary.update(testSetMetrics(testProbs.data, static_cast<int>(testProbs.cols), truth,
                                logProbs.size() == testProbs.data.size() ? &logProbs : nullptr));
  if (!tr.curve.empty() && c.job.kind == JobKind::Student) {
    const auto& last = tr.curve.back();
    summary["agree_all"] = last.agreeAll;
    summary["agree_right"] = last.agreeRight;
    summary["agree_wrong"] = last.agreeWrong;
  }
  return summary;
}

// A weak, ceiling or student job: builds its model, trains it on what its kind's setup gives.
JobResult executeTrainingJob(const Job& job, const RunStore& store, const std::string& deviceName,
                             TrainObserver* observer, const CancelToken* cancel) {
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

  std::shared_ptr<Classifier> model;
  {
    // torch's default generator is process-global: model initialisation is serialised so that
    // concurrent workers each get the init their seed determines.
    std::lock_guard<std::mutex> lock(modelInitMutex());
    torch::manual_seed(mixSeed(seed, salt::kInit, static_cast<uint64_t>(job.kind)));
    model =
        makeModel(modelSpec, task->inputShape, static_cast<int>(task->numClasses), task->vocabSize);
  }
  if (modelSpec.gloveInit && task->tokenizer) {
    initEmbeddingsFromGlove(*model, *task->tokenizer, mixSeed(seed, salt::kInit));
  }
  if (cfg.contains("pretrain")) {
    loadStoredBackbone(*model, cfg.at("pretrain").get<std::string>(), "pretrain", store, where);
  }
  // ft(weak) then lp(gt): a trained student's backbone under a fresh head (train.mode
  // "linear_probe" keeps the backbone frozen).
  if (cfg.contains("init_from")) {
    loadStoredBackbone(*model, cfg.at("init_from").get<std::string>(), "student", store, where);
  }
  // What this model reads: the task's inputs, or features (glove, embeddings) computed from them.
  const JobContext c{
      job, where, seed, task, splitHalves(task->train.size(), seed), modelInputs(modelSpec, *task)};
  TrainingSetup s = job.kind == JobKind::Weak      ? weakSetup(c)
                    : job.kind == JobKind::Ceiling ? ceilingSetup(c)
                                                   : studentSetup(c, store);
  s.in.testY = task->test.y;

  std::optional<WeakAgreementTracker> tracker;
  if (s.heldOut) {
    tracker.emplace(*model, *s.heldOut, device, observer);
    observer = &*tracker;
  }
  const JobClock clock;
  TrainResult tr = trainWithMode(*model, s.in, trainCfg, s.loss, mixSeed(seed, salt::kShuffle),
                                 device, observer, cancel);

  const ProbMatrix testProbs = toProbMatrix(tr.testProbs);
  nlohmann::json summary = trainingSummary(c, s, tr, testProbs, device);
  if (tracker) summary.update(tracker->summary());
  JobResult r = finishedResult(job, clock, tr.curve, parameterCount(*model));
  r.testProbs = testProbs;
  r.summary = std::move(summary);
  if (cfg.value("emit_backbone", false)) r.weights[kBackboneWeights] = saveBackbone(*model);
  if (s.labelX.defined()) {
    r.labels = toProbMatrix(predictProbs(*model, s.labelX, device));
    const torch::Tensor idb = task->train.ids.index_select(0, c.split.b).contiguous();
    r.labelIds.assign(idb.data_ptr<int64_t>(), idb.data_ptr<int64_t>() + idb.numel());
  }
  return r;
}

}  // namespace

JobResult executeJob(const Job& job, const RunStore& store, const std::string& deviceName,
                     TrainObserver* observer, const CancelToken* cancel) {
  if (job.kind == JobKind::Weak && job.config.contains("label_source")) {
    return executeLabelSourceJob(job);  // a synthetic supervisor: nothing to train
  }
  if (job.kind == JobKind::Pretrain) {
    return executePretrainJob(job, deviceName, observer, cancel);
  }
  return executeTrainingJob(job, store, deviceName, observer, cancel);
}

}  // namespace w2s
