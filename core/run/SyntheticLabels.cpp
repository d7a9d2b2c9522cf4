#include "core/run/SyntheticLabels.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

#include "core/data/ApplyView.h"
#include "core/data/Random.h"
#include "core/data/Splits.h"
#include "core/data/TaskData.h"
#include "core/metrics/JobMetrics.h"
#include "core/run/JobRecordFill.h"
#include "core/util/Hash.h"
#include "core/util/Salts.h"

namespace w2s {

namespace {

// A "view" source uses the view salts of trained weak jobs (core/util/Salts.h), so it degrades an
// example exactly as a weak model with that view would see it.

std::vector<int> toInts(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kInt32).contiguous();
  return std::vector<int>(c.data_ptr<int>(), c.data_ptr<int>() + c.numel());
}

ProbMatrix oneHot(const std::vector<int>& labels, int numClasses) {
  ProbMatrix m;
  m.rows = static_cast<int64_t>(labels.size());
  m.cols = numClasses;
  m.data.assign(labels.size() * static_cast<size_t>(numClasses), 0.0f);
  for (size_t i = 0; i < labels.size(); ++i) m.data[i * numClasses + labels[i]] = 1.0f;
  return m;
}

double agreementOf(const std::vector<int>& a, const std::vector<int>& b) {
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return a.empty() ? 0.0 : static_cast<double>(same) / static_cast<double>(a.size());
}

}  // namespace

Confusability centroidConfusability(const torch::Tensor& fitX, const torch::Tensor& fitY,
                                    const torch::Tensor& x, const torch::Tensor& y,
                                    int numClasses) {
  const torch::Tensor fx = fitX.reshape({fitX.size(0), -1}).to(torch::kDouble);
  const torch::Tensor fy = fitY.to(torch::kLong);
  torch::Tensor means = torch::zeros({numClasses, fx.size(1)}, torch::kDouble);
  for (int c = 0; c < numClasses; ++c) {
    const torch::Tensor rows = fy.eq(c).nonzero().squeeze(1);
    if (rows.numel() > 0) means[c] = fx.index_select(0, rows).mean(0);
  }
  const torch::Tensor xx = x.reshape({x.size(0), -1}).to(torch::kDouble);
  const torch::Tensor dist = torch::cdist(xx, means);  // [N, C]
  const torch::Tensor yy = y.to(torch::kLong);
  const torch::Tensor own = dist.gather(1, yy.unsqueeze(1)).squeeze(1);
  // The own class is pushed out of reach to find the nearest other class.
  const torch::Tensor others = dist.scatter(1, yy.unsqueeze(1), std::numeric_limits<double>::max());
  const auto [nearest, runner] = others.min(/*dim=*/1);
  Confusability c;
  const torch::Tensor margin = (own - nearest).contiguous();
  c.margin.assign(margin.data_ptr<double>(), margin.data_ptr<double>() + margin.numel());
  c.runnerUp = toInts(runner);
  return c;
}

std::vector<int> structuredLabels(const std::vector<int>& truth, int numClasses,
                                  const std::string& type, double accuracy, uint64_t seed,
                                  const Confusability* confusability) {
  if (numClasses < 2) throw std::invalid_argument("structuredLabels: need at least 2 classes");
  for (int t : truth) {
    if (t < 0 || t >= numClasses) {
      throw std::invalid_argument("structuredLabels: class id " + std::to_string(t) +
                                  " outside [0, " + std::to_string(numClasses) + ")");
    }
  }
  const auto n = static_cast<int64_t>(truth.size());
  const auto wrong = static_cast<int64_t>(
      std::llround((1.0 - std::clamp(accuracy, 0.0, 1.0)) * static_cast<double>(n)));
  std::vector<int64_t> order = seededPermutation(n, seed);
  std::vector<int> labels = truth;
  if (type == "random_flips") {
    std::mt19937_64 rng(mixSeed(seed, 0xf11b));
    for (int64_t k = 0; k < wrong; ++k) {
      const int64_t i = order[k];
      const int shift = 1 + static_cast<int>(randomBelow(rng, numClasses - 1));
      labels[i] = (truth[i] + shift) % numClasses;
    }
  } else if (type == "class_confusion") {
    // Lowest class ids first, random within a class: class 0 is confused with class 1, then
    // (when class 0 is used up) class 1 with class 2, ...
    std::stable_sort(order.begin(), order.end(),
                     [&truth](int64_t a, int64_t b) { return truth[a] < truth[b]; });
    for (int64_t k = 0; k < wrong; ++k) labels[order[k]] = (truth[order[k]] + 1) % numClasses;
  } else if (type == "view") {
    if (!confusability || confusability->margin.size() != truth.size()) {
      throw std::invalid_argument(
          "structuredLabels: the view structure needs a confusability "
          "score per example");
    }
    std::iota(order.begin(), order.end(), 0);
    const auto& m = confusability->margin;
    std::stable_sort(order.begin(), order.end(),
                     [&m](int64_t a, int64_t b) { return m[a] > m[b]; });
    for (int64_t k = 0; k < wrong; ++k) labels[order[k]] = confusability->runnerUp[order[k]];
  } else {
    throw std::invalid_argument("structuredLabels: unknown structure \"" + type + "\"");
  }
  return labels;
}

JobResult executeLabelSourceJob(const Job& job) {
  const auto& cfg = job.config;
  const std::string where = "job " + job.hash.substr(0, 12);
  const JobClock clock;
  const LabelSourceSpec source =
      LabelSourceSpec::fromJson(cfg.at("label_source"), where + ": label_source");
  const uint64_t seed = cfg.at("seed").get<uint64_t>();
  auto task = loadTask(TaskSpec::fromJson(cfg.at("task"), where + ": task"));
  const HalfSplit split = splitHalves(task->train.size(), seed);
  const int classes = task->numClasses;

  const torch::Tensor yb = task->train.y.index_select(0, split.b);
  const torch::Tensor idb = task->train.ids.index_select(0, split.b).contiguous();
  Confusability confB, confTest;
  if (source.type == "view") {
    auto viewed = [&](const Dataset& d, const torch::Tensor& rows, uint64_t salt) {
      return applyView(d.x.index_select(0, rows), d.ids.index_select(0, rows), source.view,
                       mixSeed(seed, salt::kSourceView), salt);
    };
    const torch::Tensor xa = viewed(task->train, split.a, salt::kTrainView);
    const torch::Tensor ya = task->train.y.index_select(0, split.a);
    confB =
        centroidConfusability(xa, ya, viewed(task->train, split.b, salt::kTrainView), yb, classes);
    const torch::Tensor all = torch::arange(task->test.size(), torch::kLong);
    confTest = centroidConfusability(xa, ya, viewed(task->test, all, salt::kTestView), task->test.y,
                                     classes);
  }
  const std::vector<int> truthB = toInts(yb), truthTest = toInts(task->test.y);
  const std::vector<int> labelsB = structuredLabels(truthB, classes, source.type, source.accuracy,
                                                    mixSeed(seed, salt::kBLabels), &confB);
  const std::vector<int> labelsTest =
      structuredLabels(truthTest, classes, source.type, source.accuracy,
                       mixSeed(seed, salt::kTestLabels), &confTest);

  // The curve is one point at step 0: the labels' accuracy on the test set.
  EvalPoint p;
  p.testAcc = agreementOf(labelsTest, truthTest);
  JobResult r = finishedResult(job, clock, {p}, 0);
  r.testProbs = oneHot(labelsTest, classes);
  r.labels = oneHot(labelsB, classes);
  r.labelIds.assign(idb.data_ptr<int64_t>(), idb.data_ptr<int64_t>() + idb.numel());
  r.summary = {{"label_source", source.type},
               {"labels_accuracy", agreementOf(labelsB, truthB)},
               {"train_examples", 0},
               {"test_examples", static_cast<int64_t>(truthTest.size())}};
  r.summary.update(testSetMetrics(r.testProbs.data, classes, truthTest));
  return r;
}

}  // namespace w2s
