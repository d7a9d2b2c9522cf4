#include "tests/ui/FixtureStore.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/store/RunStore.h"
#include "core/util/Hash.h"

namespace w2s::test {

namespace {

constexpr int kTestSize = 40;

struct Size {
  const char* name;
  int64_t params;
};
const Size kWeak[] = {{"w4", 100}, {"w16", 1000}};
const Size kStrong[] = {{"w4", 100}, {"w16", 1000}, {"w64", 10000}};

nlohmann::json taskJson() { return {{"dataset", "synthetic"}, {"synthetic", {{"dim", 4}}}}; }

std::vector<int> truth() {
  std::vector<int> t(kTestSize);
  for (int i = 0; i < kTestSize; ++i) t[static_cast<size_t>(i)] = i % 2;
  return t;
}

// Probabilities whose argmax is right on the first round(acc * N) examples, shifted by `offset`
// so that different models err on different examples.
ProbMatrix probsFor(double acc, int offset) {
  const auto t = truth();
  ProbMatrix m;
  m.rows = kTestSize;
  m.cols = 2;
  m.data.resize(kTestSize * 2);
  const int right = static_cast<int>(std::lround(acc * kTestSize));
  for (int i = 0; i < kTestSize; ++i) {
    const int row = (i + offset) % kTestSize;
    const int label = i < right ? t[static_cast<size_t>(row)] : 1 - t[static_cast<size_t>(row)];
    m.data[static_cast<size_t>(row * 2 + label)] = 0.8f;
    m.data[static_cast<size_t>(row * 2 + 1 - label)] = 0.2f;
  }
  return m;
}

std::vector<EvalPoint> curveFor(double finalAcc, int points, bool student) {
  std::vector<EvalPoint> c;
  for (int i = 0; i < points; ++i) {
    EvalPoint p;
    p.step = 10 * (i + 1);
    p.epoch = 2.0 * (i + 1) / points;
    const double t = static_cast<double>(i + 1) / points;
    // Rises to a peak at 60% of training, then falls back to the final accuracy.
    p.testAcc = finalAcc + 0.04 * std::exp(-std::pow((t - 0.6) / 0.15, 2)) - 0.2 * std::exp(-8 * t);
    if (i == points - 1) p.testAcc = finalAcc;
    p.trainLoss = 0.7 * (1 - t) + 0.1;
    // Agreement with the given labels keeps rising while test accuracy falls back: overfitting.
    p.trainAcc = 0.5 + 0.45 * t;
    if (student) p.agreeAll = 0.9;
    c.push_back(p);
  }
  return c;
}

JobResult result(const std::string& kind, const nlohmann::json& config,
                 const nlohmann::json& labels, int64_t params, double acc, int offset, int points) {
  JobResult r;
  r.record.hash = contentHash(config);
  r.record.kind = jobKindFromString(kind);
  r.record.config = config;
  r.record.labels = labels;
  r.record.status = JobStatus::Done;
  r.record.paramCount = params;
  r.record.finalAcc = acc;
  r.curve = curveFor(acc, points, kind == "student");
  r.record.bestAcc = acc;
  for (const auto& p : r.curve) {
    if (p.testAcc > r.record.bestAcc) {
      r.record.bestAcc = p.testAcc;
      r.record.bestStep = p.step;
    }
  }
  if (config.contains("weak")) r.record.weakHash = config["weak"].get<std::string>();
  r.testProbs = probsFor(acc, offset);
  return r;
}

}  // namespace

FixtureStoreInfo writeFixtureStore(const std::string& path, int curvePoints) {
  FixtureStoreInfo info;
  info.path = path;
  info.curvePoints = curvePoints;
  info.undefinedPairs = {{"w4", "w4"}};
  RunStore store(path);
  const nlohmann::json task = taskJson();
  store.saveTestTruth(contentHash(task), truth());
  info.sweepId = store.addSweep("fixture", {{"name", "fixture"}}, "");

  std::vector<JobResult> results;
  std::map<std::pair<std::string, uint64_t>, std::string> weakHash, ceilingHash;
  std::map<std::string, double> weakAcc = {{"w4", 0.625}, {"w16", 0.70}};
  std::map<std::string, double> ceilAcc = {{"w4", 0.60}, {"w16", 0.80}, {"w64", 0.90}};
  for (uint64_t seed : {0u, 1u}) {
    for (const Size& w : kWeak) {
      nlohmann::json c = {{"kind", "weak"},
                          {"task", task},
                          {"model", w.name},
                          {"seed", seed},
                          {"view", {{"type", "none"}}}};
      nlohmann::json l = {{"task", "synthetic"}, {"size", w.name}, {"weak_size", w.name},
                          {"view", "clean"},     {"seed", seed},   {"params", w.params}};
      results.push_back(
          result("weak", c, l, w.params, weakAcc[w.name] + 0.025 * seed, 1, curvePoints));
      weakHash[{w.name, seed}] = results.back().record.hash;
    }
    for (const Size& s : kStrong) {
      nlohmann::json c = {{"kind", "ceiling"}, {"task", task}, {"model", s.name}, {"seed", seed}};
      nlohmann::json l = {{"task", "synthetic"},
                          {"size", s.name},
                          {"strong_size", s.name},
                          {"seed", seed},
                          {"params", s.params}};
      results.push_back(result("ceiling", c, l, s.params, ceilAcc[s.name], 2, curvePoints));
      ceilingHash[{s.name, seed}] = results.back().record.hash;
    }
  }
  int offset = 3;
  for (const Size& w : kWeak) {
    for (const Size& s : kStrong) {
      if (s.params < w.params) continue;
      for (const char* loss : {"xent", "logconf"}) {
        for (uint64_t seed : {0u, 1u}) {
          const std::string wh = weakHash[{w.name, seed}];
          nlohmann::json c = {{"kind", "student"}, {"task", task}, {"model", s.name},
                              {"seed", seed},      {"loss", loss}, {"weak", wh}};
          nlohmann::json l = {{"task", "synthetic"},
                              {"weak_size", w.name},
                              {"strong_size", s.name},
                              {"view", "clean"},
                              {"loss", loss},
                              {"seed", seed},
                              {"ceiling", ceilingHash[{s.name, seed}]},
                              {"params", s.params},
                              {"weak_params", w.params},
                              {"strong_params", s.params}};
          // PGR about 0.3-0.6: logconf above xent, the larger supervisor above the smaller, a
          // little spread over seeds; w4 -> w4 ends below its supervisor and its ceiling.
          const double wa = weakAcc[w.name] + 0.025 * seed, ca = ceilAcc[s.name];
          const double recovered = (std::string(loss) == "logconf" ? 0.6 : 0.45) -
                                   (std::string(w.name) == "w4" ? 0.15 : 0.0) + 0.05 * seed;
          double acc = wa + recovered * (ca - wa);
          if (ca <= wa) acc = wa - 0.025;
          results.push_back(result("student", c, l, s.params, acc, offset++, curvePoints));
          info.students.push_back(results.back().record.hash);
        }
      }
    }
  }
  std::vector<JobRecord> planned;
  for (const auto& r : results) planned.push_back(r.record);
  for (auto& p : planned) p.status = JobStatus::Pending;
  store.addPlannedJobs(info.sweepId, planned);
  for (const auto& r : results) store.saveResult(r);
  return info;
}

}  // namespace w2s::test
