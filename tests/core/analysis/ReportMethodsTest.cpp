// The report's method metrics: AUROC and its PGR, calibration, confident agreement, early stop,
// bootstrap intervals.
#include <gtest/gtest.h>

#include <cmath>

#include "core/analysis/Report.h"
#include "core/store/RunStore.h"
#include "core/util/Hash.h"

namespace w2s {
namespace {

const nlohmann::json kTask = {{"kind", "synthetic"}, {"n_test", 4}};
const std::vector<int> kTruth = {0, 1, 0, 1};

ProbMatrix binary(const std::vector<float>& p1) {
  ProbMatrix m{static_cast<int64_t>(p1.size()), 2, {}};
  for (float p : p1) {
    m.data.push_back(1.0f - p);
    m.data.push_back(p);
  }
  return m;
}

void save(RunStore& store, const std::string& hash, const std::string& kind, double acc,
          const ProbMatrix& probs, nlohmann::json summary = nlohmann::json::object()) {
  JobResult r;
  r.record.hash = hash;
  r.record.kind = jobKindFromString(kind);
  r.record.status = JobStatus::Done;
  r.record.config = {{"kind", kind}, {"task", kTask}, {"seed", 0}};
  r.record.labels = {{"task", "toy"}, {"seed", 0}};
  if (kind == "student") {
    r.record.config["weak"] = "w";
    r.record.weakHash = "w";
    r.record.labels.update({{"view", "clean"},
                            {"weak_size", "small"},
                            {"strong_size", "big"},
                            {"loss", "xent"},
                            {"ceiling", "c"}});
  }
  r.record.finalAcc = r.record.bestAcc = acc;
  r.testProbs = probs;
  r.summary = std::move(summary);
  store.saveResult(r);
}

TEST(ReportMethodsTest, AurocPgrCalibrationConfidentAgreementAndEarlyStop) {
  RunStore store(":memory:");
  store.saveTestTruth(contentHash(kTask), kTruth);
  // Weak: predicts [1,1,0,0], accuracy 0.5; AUROC: of the pairs (0.7 vs 0.6, 0.7 vs 0.5,
  // 0.4 vs 0.6, 0.4 vs 0.5) two are ordered right: 0.5.
  save(store, "w", "weak", 0.5, binary({0.6f, 0.7f, 0.5f, 0.4f}));
  save(store, "c", "ceiling", 1.0, binary({0.1f, 0.9f, 0.2f, 0.8f}));  // AUROC 1
  // Student: predicts [1,1,0,0] (accuracy 0.5, PGR 0); AUROC (0.97 > 0.95, 0.97 > 0.15,
  // 0.3 < 0.95, 0.3 > 0.15) = 0.75, so PGR on AUROC = (0.75 - 0.5) / (1 - 0.5) = 0.5.
  save(store, "s", "student", 0.5, binary({0.95f, 0.97f, 0.15f, 0.3f}),
       {{"early_stop_step", 20}, {"early_stop_acc", 0.75}});
  const auto outcomes = collectOutcomes(store);
  ASSERT_EQ(outcomes.size(), 1u);
  const StudentOutcome& o = outcomes[0];
  EXPECT_NEAR(o.weakAuroc, 0.5, 1e-12);
  EXPECT_NEAR(o.ceilingAuroc, 1.0, 1e-12);
  EXPECT_NEAR(o.w2sAuroc, 0.75, 1e-12);
  ASSERT_TRUE(o.pgrAuroc.has_value());
  EXPECT_NEAR(*o.pgrAuroc, 0.5, 1e-12);
  ASSERT_TRUE(o.pgr.has_value());
  EXPECT_NEAR(*o.pgr, 0.0, 1e-12);
  // ECE, 10 bins: [0.9, 1) holds 0.95 (wrong) and 0.97 (right): |0.5 - 0.96| * 2/4; [0.8, 0.9)
  // holds 0.85 (right): 0.15/4; [0.7, 0.8) or [0.6, 0.7) holds 0.7 (wrong): 0.7/4.
  EXPECT_NEAR(o.w2sEce, 0.46 * 2 / 4 + 0.15 / 4 + 0.7 / 4, 1e-6);
  // The student is wrong on examples 0 and 3; on 0 it repeats the supervisor's class with
  // p = 0.95 > 0.9, on 3 with p = 0.7 only: 1 of 2.
  EXPECT_NEAR(o.confidentAgree, 0.5, 1e-12);
  EXPECT_EQ(o.method, "direct");
  EXPECT_EQ(o.supervisorHash, "w");
  EXPECT_EQ(o.w2sEarlyStep, 20);
  ASSERT_TRUE(o.pgrEarly.has_value());
  EXPECT_NEAR(*o.pgrEarly, 0.5, 1e-12);

  // A stored AUROC (written at the end of training, or imported) wins over recomputing it.
  save(store, "w", "weak", 0.5, binary({0.6f, 0.7f, 0.5f, 0.4f}), {{"auroc", 0.6}});
  const auto again = collectOutcomes(store);
  EXPECT_NEAR(again[0].weakAuroc, 0.6, 1e-12);
  EXPECT_NEAR(*again[0].pgrAuroc, (0.75 - 0.6) / (1 - 0.6), 1e-12);
}

TEST(ReportMethodsTest, BootstrapIntervalsStayInsideTheDataUnlikeStudentT) {
  std::vector<StudentOutcome> outcomes(3);
  const double pgrs[3] = {0.2, 0.4, 0.9};
  for (int i = 0; i < 3; ++i) {
    outcomes[i].task = "t";
    outcomes[i].seed = static_cast<uint64_t>(i);
    // A constant gap of 0.4: the ratio of mean gains is the mean of the per-seed PGRs.
    outcomes[i].weakAcc = 0.5;
    outcomes[i].ceilingAcc = 0.9;
    outcomes[i].w2sAcc = 0.5 + 0.4 * pgrs[i];
    outcomes[i].pgr = pgrs[i];
    outcomes[i].weakAuroc = 0.5;
    outcomes[i].ceilingAuroc = 0.9;
    outcomes[i].w2sAuroc = 0.5 + 0.4 * pgrs[i] / 2;
    outcomes[i].pgrAuroc = pgrs[i] / 2;
  }
  const auto t = aggregate(outcomes, 0.95, CiMethod::StudentT);
  const auto b = aggregate(outcomes, 0.95, CiMethod::Bootstrap);
  ASSERT_EQ(t.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_NEAR(b[0].pgr.mean, 0.5, 1e-12);
  EXPECT_NEAR(t[0].pgr.mean, 0.5, 1e-12);
  // Resampled means of {0.2, 0.4, 0.9} lie in [0.2, 0.9]; the t interval (3 seeds) does not.
  EXPECT_GE(b[0].pgr.lo, 0.2 - 1e-12);
  EXPECT_LE(b[0].pgr.hi, 0.9 + 1e-12);
  EXPECT_LT(b[0].pgr.lo, b[0].pgr.hi);
  EXPECT_LT(t[0].pgr.lo, 0.2);
  EXPECT_NEAR(b[0].pgrAuroc.mean, 0.25, 1e-12);
  EXPECT_EQ(b[0].pgrAuroc.n, 3);
  // Same data, same interval.
  EXPECT_EQ(aggregate(outcomes, 0.95, CiMethod::Bootstrap)[0].pgr.lo, b[0].pgr.lo);
}

}  // namespace
}  // namespace w2s
