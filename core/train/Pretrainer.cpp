#include "core/train/Pretrainer.h"

#include <chrono>
#include <cmath>
#include <random>
#include <sstream>

#include "core/data/Random.h"
#include "core/train/FusedAdam.h"
#include "core/util/Error.h"

namespace w2s {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kWarmupFrac = 0.05;
constexpr double kClipNorm = 1.0;
constexpr int64_t kRotationTestImages = 2000;

/// Linear warm-up, then cosine to 0.
double scheduledLr(const PretrainConfig& cfg, int64_t step) {
  const auto warm = std::max<int64_t>(1, static_cast<int64_t>(kWarmupFrac * cfg.steps));
  if (step < warm) return cfg.lr * static_cast<double>(step + 1) / static_cast<double>(warm);
  const double t = static_cast<double>(step - warm) /
                   static_cast<double>(std::max<int64_t>(1, cfg.steps - warm));
  return cfg.lr * 0.5 * (1.0 + std::cos(kPi * t));
}

/// The loop both objectives share: `batchLoss(step)` returns the objective of one batch,
/// `evaluate(point)` fills held-out metrics.
template <class BatchLoss, class Evaluate>
PretrainResult runLoop(torch::nn::Module& model, const PretrainConfig& cfg, BatchLoss batchLoss,
                       Evaluate evaluate, int64_t perStep, TrainObserver* observer,
                       const CancelToken* cancel) {
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&start] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  model.train();
  FusedAdam optimizer(model.parameters(),
                      torch::optim::AdamOptions(cfg.lr).weight_decay(cfg.weightDecay));
  PretrainResult result;
  double lossSum = 0.0;
  int64_t lossCount = 0;
  for (int64_t step = 0; step < cfg.steps; ++step) {
    if (cancel && cancel->requested()) throw Cancelled();
    const double lr = scheduledLr(cfg, step);
    for (auto& group : optimizer.param_groups()) {
      static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    }
    torch::Tensor loss = batchLoss(step);
    optimizer.releaseGrads();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(model.parameters(), kClipNorm);
    optimizer.step();
    const double v = loss.item<double>();
    lossSum += v;
    ++lossCount;
    result.examplesSeen += perStep;
    const int64_t done = step + 1;
    if (observer) observer->onStep(done, cfg.steps, v);
    if (done == cfg.steps || done % cfg.evalEvery == 0) {
      EvalPoint p;
      p.step = done;
      p.trainLoss = lossSum / static_cast<double>(lossCount);
      p.lr = lr;
      {
        torch::NoGradGuard noGrad;
        model.eval();
        evaluate(p);
        model.train();
      }
      p.seconds = elapsed();
      lossSum = 0.0;
      lossCount = 0;
      result.curve.push_back(p);
      if (observer) observer->onEval(p);
    }
  }
  result.steps = cfg.steps;
  result.seconds = elapsed();
  return result;
}

/// Archive key of a parameter name: nested names ("block0.qkv.weight") flattened with "__".
std::string archiveKey(const std::string& name) {
  std::string key;
  for (char c : name) key += c == '.' ? std::string("__") : std::string(1, c);
  return key;
}

}  // namespace

double languageModelLoss(TransformerImpl& model, const torch::Tensor& stream, int64_t seqLen,
                         torch::Device device, int64_t maxWindows, double* acc) {
  torch::NoGradGuard noGrad;
  const int64_t windows = std::min(maxWindows, (stream.size(0) - 1) / seqLen);
  if (windows < 1) {
    throw Error("pretrain: the held-out texts hold " + std::to_string(stream.size(0)) +
                " tokens, fewer than one window of " + std::to_string(seqLen + 1));
  }
  double lossSum = 0.0, correct = 0.0;
  constexpr int64_t kBatch = 32;
  for (int64_t w = 0; w < windows; w += kBatch) {
    const int64_t b = std::min(kBatch, windows - w);
    // b windows of seqLen + 1 tokens; consecutive windows overlap by the one shared token.
    torch::Tensor win = torch::empty({b, seqLen + 1}, torch::kInt64);
    for (int64_t i = 0; i < b; ++i) win[i] = stream.narrow(0, (w + i) * seqLen, seqLen + 1);
    win = win.to(device);
    const torch::Tensor logits = model.lmLogits(win.narrow(1, 0, seqLen));
    const torch::Tensor target = win.narrow(1, 1, seqLen);
    lossSum += torch::nn::functional::cross_entropy(
                   logits.reshape({-1, logits.size(-1)}), target.reshape({-1}),
                   torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                   .item<double>();
    correct += logits.argmax(-1).eq(target).sum().item<double>();
  }
  const double count = static_cast<double>(windows * seqLen);
  if (acc) *acc = correct / count;
  return lossSum / count;
}

PretrainResult pretrainLanguageModel(TransformerImpl& model, const torch::Tensor& trainStream,
                                     const torch::Tensor& testStream, int64_t seqLen,
                                     const PretrainConfig& cfg, torch::Device device,
                                     TrainObserver* observer, const CancelToken* cancel) {
  if (seqLen < 1 || seqLen > model.shape().maxLen) {
    throw SpecError("pretrain.seq_len: expected 1.." + std::to_string(model.shape().maxLen) +
                    " (the task's max_len), got " + std::to_string(seqLen));
  }
  const int64_t span = trainStream.size(0) - seqLen - 1;
  if (span < 1) {
    throw Error("pretrain: the training texts hold " + std::to_string(trainStream.size(0)) +
                " tokens, too few for windows of " + std::to_string(seqLen + 1));
  }
  model.to(device);
  const torch::Tensor stream = trainStream.to(device);
  std::mt19937_64 rng(cfg.seed);
  const torch::Tensor offsets =
      torch::arange(seqLen + 1, torch::TensorOptions(torch::kInt64).device(device));
  const int64_t batch = cfg.batchSize;
  auto batchLoss = [&](int64_t) {
    std::vector<int64_t> starts(static_cast<size_t>(batch));
    for (auto& s : starts)
      s = static_cast<int64_t>(randomBelow(rng, static_cast<uint64_t>(span) + 1));
    const torch::Tensor idx =
        torch::tensor(starts, torch::kInt64).to(device).unsqueeze(1) + offsets.unsqueeze(0);
    const torch::Tensor win = stream.index({idx});  // [B, seqLen + 1]
    const torch::Tensor logits = model.lmLogits(win.narrow(1, 0, seqLen));
    return torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}),
                                                win.narrow(1, 1, seqLen).reshape({-1}));
  };
  auto evaluate = [&](EvalPoint& p) {
    double acc = 0.0;
    p.testLoss = languageModelLoss(model, testStream, seqLen, device, 64, &acc);
    p.testAcc = acc;
  };
  PretrainResult r = runLoop(model, cfg, batchLoss, evaluate, batch * seqLen, observer, cancel);
  const double tokens = static_cast<double>(trainStream.size(0));
  for (auto& p : r.curve) p.epoch = static_cast<double>(p.step * batch * seqLen) / tokens;
  return r;
}

PretrainResult pretrainRotation(Classifier& model, const torch::Tensor& trainImages,
                                const torch::Tensor& testImages, const PretrainConfig& cfg,
                                torch::Device device, TrainObserver* observer,
                                const CancelToken* cancel) {
  if (trainImages.dim() != 4 || trainImages.size(2) != trainImages.size(3)) {
    throw SpecError("pretrain: rotation prediction needs square images [N, C, H, H]");
  }
  model.to(device);
  const torch::Tensor images = trainImages.to(device, torch::kFloat);
  const int64_t n = images.size(0);
  std::mt19937_64 rng(cfg.seed);
  auto rotate = [](const torch::Tensor& x, const torch::Tensor& k) {
    // Rotates each image by its k * 90 degrees (grouped by k: one rot90 per group).
    torch::Tensor out = torch::empty_like(x);
    for (int64_t r = 0; r < 4; ++r) {
      const torch::Tensor sel = k.eq(r).nonzero().squeeze(1);
      if (sel.numel() == 0) continue;
      out.index_copy_(0, sel, torch::rot90(x.index_select(0, sel), r, {2, 3}));
    }
    return out;
  };
  const int64_t batch = cfg.batchSize;
  auto batchLoss = [&](int64_t) {
    std::vector<int64_t> pick(static_cast<size_t>(batch)), turns(static_cast<size_t>(batch));
    for (size_t i = 0; i < pick.size(); ++i) {
      pick[i] = static_cast<int64_t>(randomBelow(rng, static_cast<uint64_t>(n)));
      turns[i] = static_cast<int64_t>(randomBelow(rng, 4));
    }
    const torch::Tensor k = torch::tensor(turns, torch::kInt64).to(device);
    const torch::Tensor x =
        rotate(images.index_select(0, torch::tensor(pick, torch::kInt64).to(device)), k);
    return torch::nn::functional::cross_entropy(model.forward(x), k);
  };
  const torch::Tensor test =
      testImages.narrow(0, 0, std::min(kRotationTestImages, testImages.size(0)))
          .to(device, torch::kFloat);
  auto evaluate = [&](EvalPoint& p) {
    double loss = 0.0, correct = 0.0;
    for (int64_t r = 0; r < 4; ++r) {
      const torch::Tensor k =
          torch::full({test.size(0)}, r, torch::TensorOptions(torch::kInt64).device(device));
      const torch::Tensor logits = model.forward(torch::rot90(test, r, {2, 3}));
      loss += torch::nn::functional::cross_entropy(logits, k).item<double>();
      correct += logits.argmax(1).eq(k).sum().item<double>();
    }
    p.testLoss = loss / 4.0;
    p.testAcc = correct / static_cast<double>(4 * test.size(0));
  };
  PretrainResult r = runLoop(model, cfg, batchLoss, evaluate, batch, observer, cancel);
  for (auto& p : r.curve) p.epoch = static_cast<double>(p.step * batch) / static_cast<double>(n);
  return r;
}

std::string saveBackbone(const torch::nn::Module& model) {
  torch::serialize::OutputArchive archive;
  for (const auto& p : model.named_parameters(/*recurse=*/true)) {
    if (!isHeadParameter(p.key())) archive.write(archiveKey(p.key()), p.value().detach().cpu());
  }
  std::ostringstream out;
  archive.save_to(out);
  return out.str();
}

void loadBackbone(torch::nn::Module& model, const std::string& bytes, const std::string& where) {
  torch::serialize::InputArchive archive;
  try {
    std::istringstream in(bytes);
    archive.load_from(in);
  } catch (const c10::Error& e) {
    throw Error(where + ": the pretrained weights are not a readable torch archive: " +
                e.what_without_backtrace());
  }
  torch::NoGradGuard noGrad;
  for (auto& p : model.named_parameters(/*recurse=*/true)) {
    if (isHeadParameter(p.key())) continue;
    torch::Tensor saved;
    if (!archive.try_read(archiveKey(p.key()), saved)) {
      throw Error(where + ": the pretrained weights have no parameter '" + p.key() + "'");
    }
    if (!saved.sizes().equals(p.value().sizes())) {
      std::ostringstream s;
      s << where << ": pretrained parameter '" << p.key() << "' has shape " << saved.sizes()
        << ", the model expects " << p.value().sizes();
      throw Error(s.str());
    }
    p.value().copy_(saved);
  }
}

}  // namespace w2s
