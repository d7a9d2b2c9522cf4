#include "core/run/PretrainJob.h"

#include "core/data/TaskData.h"
#include "core/models/Classifier.h"
#include "core/run/JobRecordFill.h"
#include "core/run/ModelInputs.h"
#include "core/sweep/InputFiles.h"
#include "core/text/BpeTokenizer.h"
#include "core/train/PretrainConfig.h"
#include "core/train/Pretrainer.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"
#include "core/util/Salts.h"

namespace w2s {

namespace {

constexpr int kRotationClasses = 4;
constexpr const char* kBackboneFormat = kBackboneWeights;

}  // namespace

std::mutex& modelInitMutex() {
  static std::mutex m;
  return m;
}

JobResult executePretrainJob(const Job& job, const std::string& deviceName, TrainObserver* observer,
                             const CancelToken* cancel) {
  const auto& cfg = job.config;
  const std::string where = "pretrain job " + job.hash.substr(0, 12);
  const TaskSpec taskSpec = TaskSpec::fromJson(cfg.at("task"), where + ": task");
  nlohmann::json modelJson = cfg.at("model");
  modelJson["name"] = job.labels.value("size", std::string("m"));
  const ModelSpec modelSpec = ModelSpec::fromJson(modelJson, where + ": model");
  const PretrainConfig pc = PretrainConfig::fromJson(cfg.at("pretrain"), where + ": pretrain");
  const torch::Device device = chooseDevice(deviceName);
  // The files must still hold what the sweep was planned on (the job hash names their contents).
  checkInputDigest(taskSpec.path, taskSpec.pathSha256, where + ": task.path");
  checkInputDigest(modelSpec.path, modelSpec.pathSha256, where + ": model.path");
  auto task = loadTask(taskSpec);

  const bool text = task->tokens && modelSpec.family == "transformer";
  const bool images = task->inputShape.size() == 3 && modelSpec.family == "cnn";
  if (!text && !images) {
    throw SpecError(where + ": model '" + modelSpec.name + "' (" + modelSpec.family + ") on task " +
                    task->name +
                    ": only transformers on text tasks and CNNs on image tasks are pretrained");
  }
  std::shared_ptr<Classifier> model;
  {
    std::lock_guard<std::mutex> lock(modelInitMutex());
    torch::manual_seed(mixSeed(pc.seed, salt::kPretrainInit));
    model = makeModel(modelSpec, task->inputShape, text ? task->numClasses : kRotationClasses,
                      task->vocabSize);
  }
  // GloVe-initialised embeddings are then pretrained like any others.
  if (modelSpec.gloveInit && text && task->tokenizer) {
    initEmbeddingsFromGlove(*model, *task->tokenizer, mixSeed(pc.seed, salt::kPretrainInit));
  }

  const JobClock clock;
  std::map<std::string, std::string> weights;
  PretrainResult pr;
  nlohmann::json summary;
  if (text) {
    auto& lm = dynamic_cast<TransformerImpl&>(*model);
    const int64_t seqLen = pc.seqLen > 0 ? std::min<int64_t>(pc.seqLen, taskSpec.maxLen)
                                         : static_cast<int64_t>(taskSpec.maxLen);
    double acc0 = 0.0;
    const double loss0 =
        languageModelLoss(lm, task->testStream, seqLen, device, /*maxWindows=*/64, &acc0);
    pr = pretrainLanguageModel(lm, task->trainStream, task->testStream, seqLen, pc, device,
                               observer, cancel);
    summary = {{"objective", "next_token"},
               {"seq_len", seqLen},
               {"train_tokens", task->trainStream.size(0)},
               {"tokens_seen", pr.examplesSeen},
               {"initial_heldout_loss", loss0},
               {"initial_heldout_acc", acc0},
               {"vocab_size", task->tokenizer->vocabSize()}};
    weights["bpe-json"] = task->tokenizer->toJson().dump();
  } else {
    pr = pretrainRotation(*model, task->train.x, task->test.x, pc, device, observer, cancel);
    summary = {{"objective", "rotation"},
               {"train_images", task->train.size()},
               {"images_seen", pr.examplesSeen}};
  }
  weights[kBackboneFormat] = saveBackbone(*model);

  if (!pr.curve.empty()) {
    summary["heldout_loss"] = pr.curve.back().testLoss;
    summary["heldout_acc"] = pr.curve.back().testAcc;
  }
  summary["steps"] = pr.steps;
  summary["train_seconds"] = pr.seconds;
  summary["device"] = device.str();
  summary["torch_threads"] = at::get_num_threads();
  // The record's accuracies are those of the pretraining objective on held-out data (next token,
  // or rotation).
  JobResult r = finishedResult(job, clock, pr.curve, parameterCount(*model));
  r.summary = std::move(summary);
  r.weights = std::move(weights);
  return r;  // testProbs stays empty: a pretrain job predicts no task classes
}

void loadStoredBackbone(torch::nn::Module& model, const std::string& hash, const std::string& what,
                        const RunStore& store, const std::string& where) {
  const auto bytes = store.weights(hash, kBackboneFormat);
  if (!bytes) {
    throw Error(where + ": the weights of its " + what + " job " + hash.substr(0, 12) +
                " are not in the store " + store.path());
  }
  loadBackbone(model, *bytes, where + ": " + what + " job " + hash.substr(0, 12));
}

}  // namespace w2s
