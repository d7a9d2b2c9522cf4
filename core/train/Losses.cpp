#include "core/train/Losses.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "core/train/LossRegistry.h"
#include "core/util/Error.h"

namespace w2s {

torch::Tensor softCrossEntropy(const torch::Tensor& logits, const torch::Tensor& target) {
  // One full reduction instead of a per-row sum and a mean: fewer kernels per training step.
  return torch::log_softmax(logits, /*dim=*/1)
      .mul(target)
      .sum()
      .div(-static_cast<double>(logits.size(0)));
}

double logconfAlpha(double progress, double auxCoef, double warmupFrac) {
  if (warmupFrac <= 0.0) return auxCoef;
  return auxCoef * std::clamp(progress / warmupFrac, 0.0, 1.0);
}

torch::Tensor hardenBinary(const torch::Tensor& probs, double priorClass1,
                           const torch::Tensor& thresholdPool) {
  if (probs.dim() != 2 || probs.size(1) != 2) {
    throw Error("hardenBinary: expected probabilities [N, 2], got " + std::to_string(probs.dim()) +
                " dimensions");
  }
  const torch::Tensor pool = thresholdPool.defined() ? thresholdPool : probs;
  const torch::Tensor p0 = probs.select(1, 0);
  const torch::Tensor poolP0 = std::get<0>(pool.select(1, 0).sort());
  const int64_t m = poolP0.size(0);
  // Order statistic instead of torch::quantile's interpolation: exactly round(q*M) pool values lie
  // strictly below t, so the hardened class-1 fraction equals the prior (ties aside).
  const auto k = static_cast<int64_t>(std::llround(std::clamp(priorClass1, 0.0, 1.0) * m));
  const torch::Tensor isClass1 =
      k >= m ? torch::ones_like(p0, torch::kBool) : p0 < poolP0[k].item<float>();
  return torch::stack({(~isClass1), isClass1}, /*dim=*/1).to(probs.scalar_type());
}

torch::Tensor hardenToPrior(const torch::Tensor& probs, const torch::Tensor& prior) {
  if (probs.dim() != 2 || prior.dim() != 1 || prior.size(0) != probs.size(1)) {
    throw Error("hardenToPrior: expected probabilities [N, C] and a prior [C]");
  }
  const int64_t n = probs.size(0);
  const int64_t c = probs.size(1);
  // Small [N, C] problems run every training step: plain loops instead of dozens of tiny kernels.
  const torch::Tensor p = probs.detach().to(torch::kCPU, torch::kFloat).contiguous();
  const float* pd = p.data_ptr<float>();
  std::vector<double> plan(static_cast<size_t>(n * c));
  for (int64_t e = 0; e < n * c; ++e) plan[e] = std::max(static_cast<double>(pd[e]), 1e-12);
  const torch::Tensor pr = prior.detach().to(torch::kCPU, torch::kDouble).contiguous();
  std::vector<double> share(pr.data_ptr<double>(), pr.data_ptr<double>() + c);
  double shareSum = 0.0;
  for (double& v : share) shareSum += (v = std::max(v, 0.0));
  for (double& v : share) v = shareSum > 0 ? v / shareSum : 1.0 / static_cast<double>(c);

  // Sinkhorn-Knopp: scale columns to the prior's class totals and rows back to distributions, so
  // that a class the student favours everywhere no longer outranks the others in every row.
  std::vector<double> colSum(static_cast<size_t>(c)), factor(static_cast<size_t>(c));
  for (int iter = 0; iter < 10; ++iter) {
    std::fill(colSum.begin(), colSum.end(), 0.0);
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t k = 0; k < c; ++k) colSum[k] += plan[i * c + k];
    }
    for (int64_t k = 0; k < c; ++k) factor[k] = share[k] * static_cast<double>(n) / colSum[k];
    for (int64_t i = 0; i < n; ++i) {
      double rowSum = 0.0;
      for (int64_t k = 0; k < c; ++k) rowSum += (plan[i * c + k] *= factor[k]);
      const double inv = 1.0 / std::max(rowSum, 1e-300);
      for (int64_t k = 0; k < c; ++k) plan[i * c + k] *= inv;
    }
  }

  // Class capacities round(N * prior) by largest remainder, so they sum to N exactly.
  std::vector<int64_t> cap(static_cast<size_t>(c));
  std::vector<std::pair<double, int64_t>> remainder;
  int64_t assigned = 0;
  for (int64_t k = 0; k < c; ++k) {
    const double exact = share[k] * static_cast<double>(n);
    cap[k] = static_cast<int64_t>(std::floor(exact));
    assigned += cap[k];
    remainder.push_back({exact - static_cast<double>(cap[k]), k});
  }
  std::stable_sort(remainder.begin(), remainder.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (int64_t r = 0; assigned < n; ++r, ++assigned) ++cap[remainder[r % c].second];

  // Greedy rounding of the balanced plan: the most confident rows first, each taking its best
  // class that still has capacity; the hardened class counts then match the prior exactly.
  std::vector<double> rowMax(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    rowMax[i] = *std::max_element(plan.begin() + i * c, plan.begin() + (i + 1) * c);
  }
  std::vector<int64_t> rows(static_cast<size_t>(n));
  std::iota(rows.begin(), rows.end(), 0);
  std::stable_sort(rows.begin(), rows.end(),
                   [&rowMax](int64_t a, int64_t b) { return rowMax[a] > rowMax[b]; });
  torch::Tensor hard = torch::zeros({n, c}, torch::kFloat);
  float* hd = hard.data_ptr<float>();
  for (int64_t i : rows) {
    int64_t best = -1;
    for (int64_t k = 0; k < c; ++k) {
      if (cap[k] > 0 && (best < 0 || plan[i * c + k] > plan[i * c + best])) best = k;
    }
    hd[i * c + best] = 1.0f;
    --cap[best];
  }
  return hard.to(probs.options());
}

namespace {

// CE to the weak labels as given.
class XentLoss : public Loss {
 public:
  torch::Tensor operator()(const torch::Tensor& logits, const torch::Tensor& target,
                           double /*progress*/) override {
    return softCrossEntropy(logits, target);
  }
};

// logconf's options, read once from the spec.
struct LogconfOptions {
  double auxCoef;
  double warmupFrac;
  int64_t bufferPredictions;
  explicit LogconfOptions(const LossSpec& spec)
      : auxCoef(spec.option("aux_coef")),
        warmupFrac(spec.option("warmup_frac")),
        bufferPredictions(static_cast<int64_t>(spec.option("buffer_predictions"))) {}
};

// Auxiliary confidence loss: mixes the weak labels with the student's own hardened prediction.
class LogconfLoss : public Loss {
 public:
  explicit LogconfLoss(const LossSpec& spec) : opt_(spec) {}

  torch::Tensor operator()(const torch::Tensor& logits, const torch::Tensor& target,
                           double progress) override {
    const double alpha = logconfAlpha(progress, opt_.auxCoef, opt_.warmupFrac);
    const torch::Tensor probs = torch::softmax(logits.detach(), /*dim=*/1);
    const torch::Tensor hard = harden(probs, target.detach());
    return softCrossEntropy(logits, target * (1.0 - alpha) + hard * alpha);
  }

 private:
  torch::Tensor harden(const torch::Tensor& probs, const torch::Tensor& target) {
    const int64_t n = probs.size(0);
    torch::Tensor poolProbs = probs;
    torch::Tensor poolTargets = target;
    if (opt_.bufferPredictions > n) {
      // The pool is the last bufferPredictions predictions: this batch and the newest rows of
      // the ones before it (older batches are trimmed row-wise, not dropped whole).
      probsBuffer_ = probsBuffer_.defined() ? torch::cat({probsBuffer_, probs}) : probs;
      targetsBuffer_ = targetsBuffer_.defined() ? torch::cat({targetsBuffer_, target}) : target;
      const int64_t keep = std::min<int64_t>(opt_.bufferPredictions, probsBuffer_.size(0));
      probsBuffer_ = probsBuffer_.narrow(0, probsBuffer_.size(0) - keep, keep);
      targetsBuffer_ = targetsBuffer_.narrow(0, targetsBuffer_.size(0) - keep, keep);
      poolProbs = probsBuffer_;
      poolTargets = targetsBuffer_;
    }
    const torch::Tensor prior = poolTargets.mean(/*dim=*/0);
    if (probs.size(1) == 2) {
      return hardenBinary(probs, prior[1].item<double>(), poolProbs);
    }
    // The current batch is the newest (last) block of the pool.
    return hardenToPrior(poolProbs, prior).narrow(0, poolProbs.size(0) - n, n);
  }

  LogconfOptions opt_;
  torch::Tensor probsBuffer_;  ///< recent predictions, newest last (bufferPredictions > 0)
  torch::Tensor targetsBuffer_;
};

// CE to normalize(p^beta * y^alpha), a detached target.
class ProductLoss : public Loss {
 public:
  explicit ProductLoss(const LossSpec& spec)
      : alpha_(spec.option("alpha")), beta_(spec.option("beta")) {}

  torch::Tensor operator()(const torch::Tensor& logits, const torch::Tensor& target,
                           double /*progress*/) override {
    // In log space so tiny probabilities do not underflow to an all-zero row; xlogy keeps
    // y = 0 at weight 0 (log -> -inf) and alpha = 0 at y^0 = 1.
    const torch::Tensor logTarget = torch::log_softmax(logits.detach(), /*dim=*/1) * beta_ +
                                    torch::xlogy(alpha_, target.detach());
    return softCrossEntropy(logits, torch::softmax(logTarget, /*dim=*/1));
  }

 private:
  double alpha_;
  double beta_;
};

}  // namespace

LossInfo xentLossInfo() {
  LossInfo l;
  l.name = "xent";
  l.summary = "Cross-entropy to the weak soft labels.";
  l.make = [](const LossSpec&) { return std::make_unique<XentLoss>(); };
  return l;
}

LossOption auxCoefOption() {
  return {"aux_coef", "Aux coef",
          "final weight α of the confidence term (logconf: the hardened prediction; entropy: H(p))",
          0.5, 0, 1};
}

LossOption warmupFracOption() {
  return {"warmup_frac", "Warm-up",
          "share of training over which α ramps linearly from 0 to aux_coef (docs/science.md)", 0.2,
          0, 1};
}

LossOption windowRadiusOption(double defaultValue) {
  LossOption radius{"radius",     "Radius", "keep rows whose confidence is below 0.5 + radius",
                    defaultValue, 0,        0.5};
  radius.minOpen = true;
  return radius;
}

LossInfo logconfLossInfo() {
  LossInfo l;
  l.name = "logconf";
  l.summary =
      "Auxiliary confidence loss: CE to (1 − α)·y + α·(the student's hardened prediction), the "
      "threshold matching the weak labels' prior.";
  LossOption buffer{"buffer_predictions",
                    "Buffer",
                    "recent predictions the hardening threshold is taken over (0 = this batch)",
                    0,
                    0,
                    1 << 30};
  buffer.integer = true;
  l.options = {auxCoefOption(), warmupFracOption(), buffer};
  l.make = [](const LossSpec& spec) { return std::make_unique<LogconfLoss>(spec); };
  return l;
}

LossInfo productLossInfo() {
  LossInfo l;
  l.name = "product";
  l.summary = "CE to normalize(p^β·y^α), a detached target.";
  l.options = {{"alpha", "α", "exponent of the weak labels", 1.0, 0},
               {"beta", "β", "exponent of the student's probabilities", 1.0, 0}};
  l.make = [](const LossSpec& spec) { return std::make_unique<ProductLoss>(spec); };
  return l;
}

std::unique_ptr<Loss> makeLoss(const LossSpec& spec) {
  const LossInfo* info = findLoss(spec.name);
  if (!info) {
    throw SpecError("loss: unknown name '" + spec.name + "' (expected " + lossNameList() + ")");
  }
  return info->make(spec);
}

}  // namespace w2s
