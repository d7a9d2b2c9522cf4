// Executes one planned job: rebuilds everything from the job's self-contained config.
#include <chrono>
#include <ctime>
#include <mutex>

#include "core/data/ApplyView.h"
#include "core/data/Splits.h"
#include "core/data/TaskData.h"
#include "core/models/Classifier.h"
#include "core/run/SweepRunner.h"
#include "core/store/RunStore.h"
#include "core/train/Trainer.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"

namespace w2s {

namespace {

// Salts that keep the random streams of different purposes apart.
constexpr uint64_t kInitSalt = 0x1417;
constexpr uint64_t kShuffleSalt = 0x5b0f;
constexpr uint64_t kViewSalt = 0x71e3;  // keeps view noise apart from synthetic-input streams
constexpr uint64_t kTrainViewSalt = 1;
constexpr uint64_t kTestViewSalt = 2;

// torch's default generator is process-global: model initialisation is serialised so that
// concurrent workers each get the init their seed determines.
std::mutex& initMutex() {
  static std::mutex m;
  return m;
}

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
  const auto& cfg = job.config;
  const std::string where = "job " + job.hash.substr(0, 12);
  const TaskSpec taskSpec = TaskSpec::fromJson(cfg.at("task"), where + ": task");
  nlohmann::json modelJson = cfg.at("model");
  modelJson["name"] = job.labels.value("size", job.labels.value("strong_size", std::string("m")));
  const ModelSpec modelSpec = ModelSpec::fromJson(modelJson, where + ": model");
  const TrainConfig trainCfg = TrainConfig::fromJson(cfg.at("train"), where + ": train");
  const uint64_t seed = cfg.at("seed").get<uint64_t>();
  const torch::Device device = chooseDevice(deviceName);

  auto task = loadTask(taskSpec);
  const HalfSplit split = splitHalves(task->train.size(), seed);
  const int64_t numClasses = task->numClasses;

  std::shared_ptr<Classifier> model;
  {
    std::lock_guard<std::mutex> lock(initMutex());
    torch::manual_seed(mixSeed(seed, kInitSalt, static_cast<uint64_t>(job.kind)));
    model = makeModel(modelSpec, task->inputShape, static_cast<int>(numClasses));
  }

  TrainInputs in;
  LossSpec loss;  // ground-truth jobs train with plain cross-entropy to one-hot targets
  std::optional<ProbMatrix> weakLabels;
  std::vector<int64_t> weakLabelIds;
  torch::Tensor labelX;  // weak jobs: the (viewed) inputs of half B to label

  if (job.kind == JobKind::Weak) {
    const ViewSpec view = ViewSpec::fromJson(cfg.at("view"), where + ": view");
    // The synthetic generator draws example i from mixSeed(taskSeed, i, split); without a salt
    // of its own the view noise of sweep seed == task seed would equal the input itself.
    const uint64_t viewSeed = mixSeed(seed, kViewSalt);
    const torch::Tensor xa = task->train.x.index_select(0, split.a);
    const torch::Tensor ida = task->train.ids.index_select(0, split.a);
    in.x = applyView(xa, ida, view, viewSeed, kTrainViewSalt);
    in.targets =
        torch::one_hot(task->train.y.index_select(0, split.a), numClasses).to(torch::kFloat32);
    in.testX = applyView(task->test.x, task->test.ids, view, viewSeed, kTestViewSalt);
    const torch::Tensor xb = task->train.x.index_select(0, split.b);
    const torch::Tensor idb = task->train.ids.index_select(0, split.b);
    labelX = applyView(xb, idb, view, viewSeed, kTrainViewSalt);
  } else if (job.kind == JobKind::Ceiling) {
    in.x = task->train.x.index_select(0, split.b);
    in.targets =
        torch::one_hot(task->train.y.index_select(0, split.b), numClasses).to(torch::kFloat32);
    in.testX = task->test.x;
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
    in.x = task->train.x.index_select(0, split.b);
    in.targets = fromProbMatrix(*labels);
    in.testX = task->test.x;
    in.supervisorTestPred = fromProbMatrix(*weakTest).argmax(1);
  }
  in.testY = task->test.y;

  const auto started = std::chrono::steady_clock::now();
  const std::string startedAt = nowIso();
  TrainResult tr =
      train(*model, in, trainCfg, loss, mixSeed(seed, kShuffleSalt), device, observer, cancel);

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
  if (job.kind == JobKind::Weak) {
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
