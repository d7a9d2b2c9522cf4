#include "core/data/Synthetic.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/data/Random.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"

namespace w2s {

namespace {

// Salts that give each purpose its own random stream, so e.g. changing nTrain changes neither
// the teacher nor the test set.
constexpr uint64_t kTeacherSalt = 0x7eac4e7;
constexpr uint64_t kTrainSalt = 1;
constexpr uint64_t kTestSalt = 2;
constexpr uint64_t kCalibrationSalt = 3;
constexpr uint64_t kLabelNoiseSalt = 0x4015e;
constexpr int64_t kMaxDim = 1024;
// Pre-activation scale of the hidden teacher: at 2 the tanh units saturate often enough that a
// large part of their output is not linear in x (at 1 they are nearly linear).
constexpr double kHiddenGain = 2.0;

void check(bool ok, const std::string& field, const std::string& expected, double got) {
  if (!ok) {
    std::ostringstream s;
    s << "task.synthetic." << field << ": expected " << expected << ", got " << got;
    throw SpecError(s.str());
  }
}

void validate(const SyntheticSpec& s) {
  check(s.dim >= 1 && s.dim <= kMaxDim, "dim", "1.." + std::to_string(kMaxDim), s.dim);
  check(s.classes >= 2, "classes", "at least 2", s.classes);
  check(s.nTrain >= 1, "n_train", "at least 1", static_cast<double>(s.nTrain));
  check(s.nTest >= 1, "n_test", "at least 1", static_cast<double>(s.nTest));
  check(s.teacherWidth >= 1, "teacher_width", "at least 1", s.teacherWidth);
  check(s.nonlinearity >= 0 && s.nonlinearity <= 1, "nonlinearity", "a number in [0, 1]",
        s.nonlinearity);
  check(s.labelNoise >= 0 && s.labelNoise <= 1, "label_noise", "a number in [0, 1]", s.labelNoise);
}

/// [rows, cols] of N(0, 1) * scale, from one generator (row-major order).
torch::Tensor gaussianMatrix(GaussianSampler& g, int64_t rows, int64_t cols, double scale) {
  torch::Tensor t = torch::zeros({rows, cols}, torch::kFloat);
  g.addScaled(t.data_ptr<float>(), rows * cols, 1.0f);
  return t.to(torch::kDouble) * scale;
}

/// n inputs of N(0, I_dim); row i drawn from its own stream (seed, i, salt), rounded to float32
/// (the values the models will see) and returned as double.
torch::Tensor gaussianInputs(int64_t n, int64_t dim, uint64_t seed, uint64_t salt) {
  torch::Tensor x = torch::zeros({n, dim}, torch::kFloat);
  float* p = x.data_ptr<float>();
  at::parallel_for(0, n, 256, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      GaussianSampler(mixSeed(seed, static_cast<uint64_t>(i), salt)).addScaled(p + i * dim, dim, 1);
    }
  });
  return x.to(torch::kDouble);
}

/// The hidden labeller: a linear map plus a random tanh network with its linear trend removed.
class Teacher {
 public:
  explicit Teacher(const SyntheticSpec& s) : nonlinearity_(s.nonlinearity) {
    GaussianSampler g(mixSeed(s.seed, kTeacherSalt));
    wLin_ = gaussianMatrix(g, s.dim, s.classes, 1.0);
    w1_ = gaussianMatrix(g, s.dim, s.teacherWidth, kHiddenGain / std::sqrt(double(s.dim)));
    b1_ = gaussianMatrix(g, 1, s.teacherWidth, 1.0);
    w2_ = gaussianMatrix(g, s.teacherWidth, s.classes, 1.0 / std::sqrt(double(s.teacherWidth)));

    // Calibrate on a sample of its own: the best linear fit of the network (removed from it) and
    // the per-class scales that give both parts unit variance.
    const int64_t m = std::max<int64_t>(8192, 8 * (s.dim + 1));
    const torch::Tensor xc = gaussianInputs(m, s.dim, s.seed, kCalibrationSalt);
    const torch::Tensor a = withIntercept(xc);
    const torch::Tensor raw = network(xc);
    const torch::Tensor ata = a.t().mm(a);
    fit_ = at::linalg_solve(ata, a.t().mm(raw));
    linScale_ = xc.mm(wLin_).std(0).clamp_min(1e-12);
    nlScale_ = (raw - a.mm(fit_)).std(0).clamp_min(1e-12);
  }

  /// Logits [n, classes] for inputs [n, dim] (double).
  torch::Tensor logits(const torch::Tensor& x) const {
    const torch::Tensor lin = x.mm(wLin_) / linScale_;
    const torch::Tensor nl = (network(x) - withIntercept(x).mm(fit_)) / nlScale_;
    return (1.0 - nonlinearity_) * lin + nonlinearity_ * nl;
  }

 private:
  torch::Tensor network(const torch::Tensor& x) const {
    return torch::tanh(x.mm(w1_) + b1_).mm(w2_);
  }
  static torch::Tensor withIntercept(const torch::Tensor& x) {
    return torch::cat({x, torch::ones({x.size(0), 1}, x.options())}, 1);
  }

  double nonlinearity_;
  torch::Tensor wLin_, w1_, b1_, w2_, fit_, linScale_, nlScale_;
};

/// Labels = argmax of the teacher's logits, a labelNoise fraction replaced by a random class.
torch::Tensor labels(const Teacher& teacher, const torch::Tensor& x, const SyntheticSpec& s,
                     uint64_t salt) {
  torch::Tensor y = teacher.logits(x).argmax(1).contiguous();
  if (s.labelNoise > 0) {
    int64_t* p = y.data_ptr<int64_t>();
    const uint64_t noiseSeed = mixSeed(s.seed, kLabelNoiseSalt);
    for (int64_t i = 0; i < y.size(0); ++i) {
      SplitMix64 rng(mixSeed(noiseSeed, static_cast<uint64_t>(i), salt));
      if (randomUniform(rng) < s.labelNoise) {
        p[i] = static_cast<int64_t>(randomBelow(rng, static_cast<uint64_t>(s.classes)));
      }
    }
  }
  return y;
}

}  // namespace

SyntheticData generateSynthetic(const SyntheticSpec& spec) {
  validate(spec);
  torch::NoGradGuard noGrad;
  const Teacher teacher(spec);
  const torch::Tensor xTrain = gaussianInputs(spec.nTrain, spec.dim, spec.seed, kTrainSalt);
  const torch::Tensor xTest = gaussianInputs(spec.nTest, spec.dim, spec.seed, kTestSalt);
  SyntheticData d;
  d.trainX = xTrain.to(torch::kFloat);
  d.trainY = labels(teacher, xTrain, spec, kTrainSalt);
  d.testX = xTest.to(torch::kFloat);
  d.testY = labels(teacher, xTest, spec, kTestSalt);
  return d;
}

}  // namespace w2s
