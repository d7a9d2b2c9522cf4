#include "core/train/Trainer.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>

#include "core/train/FusedAdam.h"
#include "core/train/Losses.h"
#include "core/util/Error.h"

namespace w2s {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Unbiased Fisher-Yates with a portable draw (std::shuffle's draws differ between standard
// libraries; this keeps the batch order a function of the seed alone).
void shuffle(std::vector<int64_t>& v, std::mt19937_64& rng) {
  for (size_t i = v.size(); i > 1; --i) {
    const uint64_t range = i;
    const uint64_t limit =
        std::numeric_limits<uint64_t>::max() - (std::numeric_limits<uint64_t>::max() % range);
    uint64_t r = rng();
    while (r >= limit) r = rng();
    std::swap(v[i - 1], v[r % range]);
  }
}

// Models take float features, except token ids (int64), which stay integers.
torch::ScalarType inputType(const torch::Tensor& x) {
  return x.scalar_type() == torch::kLong ? torch::kLong : torch::kFloat;
}

void checkInputs(const TrainInputs& in) {
  if (!in.x.defined() || in.x.dim() < 2 || in.x.size(0) == 0) {
    throw Error("train: inputs 'x' must be a non-empty tensor [N, ...]");
  }
  if (!in.targets.defined() || in.targets.dim() != 2 || in.targets.size(0) != in.x.size(0) ||
      in.targets.size(1) < 2) {
    throw Error("train: 'targets' must be [N, C] with N = " + std::to_string(in.x.size(0)) +
                " and C >= 2");
  }
  if (!in.testX.defined() || !in.testY.defined() || in.testY.dim() != 1 ||
      in.testX.size(0) != in.testY.size(0) || in.testY.size(0) == 0) {
    throw Error("train: 'testX' [M, ...] and 'testY' [M] must be non-empty and agree in M");
  }
  if (in.supervisorTestPred.defined() &&
      (in.supervisorTestPred.dim() != 1 || in.supervisorTestPred.size(0) != in.testY.size(0))) {
    throw Error("train: 'supervisorTestPred' must be [M] with M = " +
                std::to_string(in.testY.size(0)));
  }
}

// Rows evaluated at once: 2048, fewer for token sequences longer than 64, whose attention
// scores grow with the square of the length (2048 rows of 256 tokens would hold GBs of them).
int64_t evalBatch(const torch::Tensor& x) {
  if (x.dim() != 2 || x.scalar_type() != torch::kLong || x.size(1) <= 64) return 2048;
  const int64_t len = x.size(1);
  return std::max<int64_t>(16, 2048 * 64 * 64 / (len * len));
}

// Logits of x in batches on `device`, returned on CPU. Caller sets the guard and eval mode.
torch::Tensor logitsOf(Classifier& model, const torch::Tensor& x, torch::Device device,
                       int64_t batch) {
  std::vector<torch::Tensor> parts;
  for (int64_t s = 0; s < x.size(0); s += batch) {
    const int64_t len = std::min(batch, x.size(0) - s);
    parts.push_back(model.forward(x.narrow(0, s, len).to(device)).to(torch::kCPU, torch::kFloat));
  }
  return torch::cat(parts);
}

// Fraction of agreeing entries under a mask; NaN when the mask is empty.
double maskedMean(const torch::Tensor& agree, const torch::Tensor& mask) {
  const int64_t count = mask.sum().item<int64_t>();
  if (count == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>((agree & mask).sum().item<int64_t>()) / static_cast<double>(count);
}

// Test metrics of the current model; also returns its test probabilities.
EvalPoint evaluate(Classifier& model, const TrainInputs& in, const torch::Tensor& trainProbeX,
                   const torch::Tensor& trainProbeY, torch::Device device, torch::Tensor* probsOut,
                   torch::Tensor* logProbsOut) {
  torch::NoGradGuard noGrad;
  model.eval();
  const torch::Tensor logits = logitsOf(model, in.testX, device, evalBatch(in.testX));
  const torch::Tensor trainPred =
      logitsOf(model, trainProbeX, device, evalBatch(trainProbeX)).argmax(/*dim=*/1);
  model.train();
  const torch::Tensor testY = in.testY.to(torch::kCPU, torch::kLong);
  EvalPoint p;
  p.testLoss = torch::nn::functional::cross_entropy(logits, testY).item<double>();
  const torch::Tensor pred = logits.argmax(/*dim=*/1);
  p.testAcc = pred.eq(testY).to(torch::kDouble).mean().item<double>();
  p.trainAcc = trainPred.eq(trainProbeY).to(torch::kDouble).mean().item<double>();
  if (in.supervisorTestPred.defined()) {
    const torch::Tensor sup = in.supervisorTestPred.to(torch::kCPU, torch::kLong);
    const torch::Tensor agree = pred.eq(sup);
    p.agreeAll = agree.to(torch::kDouble).mean().item<double>();
    const torch::Tensor supRight = sup.eq(testY);
    p.agreeRight = maskedMean(agree, supRight);
    p.agreeWrong = maskedMean(agree, ~supRight);
  }
  if (probsOut) *probsOut = torch::softmax(logits, /*dim=*/1);
  if (logProbsOut) {
    *logProbsOut = torch::log_softmax(logits.to(torch::kCPU, torch::kDouble), /*dim=*/1);
  }
  return p;
}

}  // namespace

int64_t stepsPerEpoch(const TrainConfig& cfg, int64_t n) {
  const int64_t batch = std::max<int64_t>(1, std::min<int64_t>(cfg.batchSize, n));
  return cfg.dropLast.value_or(false) ? n / batch : (n + batch - 1) / batch;
}

TrainResult train(Classifier& model, const TrainInputs& in, const TrainConfig& cfg,
                  const LossSpec& lossSpec, uint64_t seed, torch::Device device,
                  TrainObserver* observer, const CancelToken* cancel) {
  checkInputs(in);
  if (cfg.batchSize < 1) throw SpecError("train: field 'batch_size' must be >= 1");
  if (cfg.epochs < 1) throw SpecError("train: field 'epochs' must be >= 1");
  if (cfg.schedule != "cosine" && cfg.schedule != "constant") {
    throw SpecError("train: field 'schedule' must be 'cosine' or 'constant', got '" + cfg.schedule +
                    "'");
  }
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&start] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };

  const int64_t n = in.x.size(0);
  const int64_t batch = std::min<int64_t>(cfg.batchSize, n);
  // drop_last: each epoch uses its first `perEpoch` full batches of the shuffled order.
  const int64_t perEpoch = stepsPerEpoch(cfg, n);
  const int64_t usedPerEpoch = std::min(n, perEpoch * batch);
  const int64_t totalSteps = perEpoch * cfg.epochs;

  // On CPU these are the caller's tensors (no copy when already float and contiguous); on a GPU
  // the training set moves once (a Fashion-MNIST half is ~100 MB), not batch by batch.
  torch::Tensor x = in.x.to(device, inputType(in.x)).contiguous();
  torch::Tensor targets = in.targets.to(device, torch::kFloat).contiguous();
  if (lossSpec.hardLabels) {
    targets = torch::one_hot(targets.argmax(/*dim=*/1), targets.size(1)).to(torch::kFloat);
  }
  TrainInputs testIn = in;
  testIn.testX = in.testX.to(device, inputType(in.testX));
  // Training accuracy against the given labels, on a fixed slice of the training set.
  const int64_t probeN = std::min<int64_t>(n, kTrainAccExamples);
  const torch::Tensor trainProbeX = x.narrow(0, 0, probeN);
  const torch::Tensor trainProbeY =
      in.targets.narrow(0, 0, probeN).argmax(/*dim=*/1).to(torch::kCPU, torch::kLong);

  model.to(device);
  model.train();
  std::unique_ptr<Loss> loss = makeLoss(lossSpec);
  FusedAdam optimizer(model.parameters(),
                      torch::optim::AdamOptions(cfg.lr).weight_decay(cfg.weightDecay));
  auto setLr = [&optimizer](double lr) {
    for (auto& group : optimizer.param_groups()) {
      static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    }
  };

  // Batches are gathered into preallocated buffers: no allocation for them per step.
  std::vector<int64_t> xShape = x.sizes().vec();
  xShape[0] = batch;
  torch::Tensor xBuf = torch::empty(xShape, x.options());
  torch::Tensor yBuf = torch::empty({batch, targets.size(1)}, targets.options());
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  const auto indexOptions = torch::TensorOptions().dtype(torch::kLong);

  // On the CPU the loss is read every step (no cost). On a GPU reading it waits for the device,
  // so it is summed there and read back only at evaluations and every kGpuProgressEvery steps
  // (progress reports between them repeat the last value read).
  const bool onHost = device.is_cpu();
  constexpr int64_t kGpuProgressEvery = 50;
  torch::Tensor deviceLossSum =
      torch::zeros({}, torch::TensorOptions().dtype(torch::kDouble).device(device));
  double lastLoss = std::numeric_limits<double>::quiet_NaN();

  TrainResult result;
  double lossSum = 0.0;
  int64_t lossCount = 0;
  int64_t step = 0;
  for (int epoch = 0; epoch < cfg.epochs; ++epoch) {
    shuffle(order, rng);
    torch::Tensor hostOrder = torch::from_blob(order.data(), {n}, indexOptions);
    // A GPU copies the epoch's order from page-locked memory, without stalling the host.
    if (device.is_cuda()) hostOrder = hostOrder.pin_memory();
    const torch::Tensor perm = hostOrder.to(device, /*non_blocking=*/device.is_cuda(),
                                            /*copy=*/true);
    for (int64_t s = 0; s < usedPerEpoch; s += batch, ++step) {
      if (cancel && cancel->requested()) throw Cancelled();
      const int64_t len = std::min(batch, usedPerEpoch - s);
      const torch::Tensor idx = perm.narrow(0, s, len);
      torch::Tensor xb = xBuf.narrow(0, 0, len);
      torch::Tensor yb = yBuf.narrow(0, 0, len);
      torch::index_select_out(xb, x, 0, idx);
      torch::index_select_out(yb, targets, 0, idx);

      const double lr = cfg.schedule == "cosine"
                            ? cfg.lr * 0.5 *
                                  (1.0 + std::cos(kPi * static_cast<double>(step) /
                                                  static_cast<double>(totalSteps)))
                            : cfg.lr;
      setLr(lr);
      const double progress = static_cast<double>(step) / static_cast<double>(totalSteps);
      torch::Tensor value = (*loss)(model.forward(xb), yb, progress);
      optimizer.releaseGrads();
      value.backward();
      optimizer.step();

      const int64_t done = step + 1;
      const bool last = done == totalSteps;
      const bool evalNow = last || (cfg.evalEvery > 0 && done % cfg.evalEvery == 0);
      ++lossCount;
      if (onHost) {
        lastLoss = value.item<double>();
        lossSum += lastLoss;
      } else {
        deviceLossSum.add_(value.detach().to(torch::kDouble));
        if (evalNow || done % kGpuProgressEvery == 0) {
          const double sum = deviceLossSum.item<double>();  // one wait for the device
          lossSum += sum;
          deviceLossSum.zero_();
          lastLoss = value.item<double>();
        }
      }
      if (observer) observer->onStep(done, totalSteps, lastLoss);
      if (evalNow) {
        EvalPoint p =
            evaluate(model, testIn, trainProbeX, trainProbeY, device,
                     last ? &result.testProbs : nullptr, last ? &result.testLogProbs : nullptr);
        p.step = done;
        p.epoch = static_cast<double>(done) / static_cast<double>(perEpoch);
        p.trainLoss = lossSum / static_cast<double>(lossCount);
        p.lr = lr;
        p.seconds = elapsed();
        lossSum = 0.0;
        lossCount = 0;
        result.curve.push_back(p);
        if (observer) observer->onEval(p);
      }
    }
  }
  result.steps = totalSteps;
  result.seconds = elapsed();
  return result;
}

torch::Tensor predictProbs(Classifier& model, const torch::Tensor& x, torch::Device device,
                           int64_t batch) {
  torch::NoGradGuard noGrad;
  const bool wasTraining = model.is_training();
  model.eval();
  const torch::Tensor input = x.to(inputType(x));
  torch::Tensor probs =
      torch::softmax(logitsOf(model, input, device, batch > 0 ? batch : evalBatch(input)), 1);
  if (wasTraining) model.train();
  return probs;
}

torch::Device chooseDevice(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "auto") return torch::cuda::is_available() ? torch::kCUDA : torch::kCPU;
  if (name == "cuda") {
    if (!torch::cuda::is_available()) {
      throw SpecError("device 'cuda' requested but this libtorch has no usable CUDA device");
    }
    return torch::kCUDA;
  }
  throw SpecError("device: unknown name '" + name + "' (expected 'auto', 'cpu' or 'cuda')");
}

}  // namespace w2s
