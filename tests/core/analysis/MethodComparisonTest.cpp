#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "core/analysis/MethodComparison.h"

namespace w2s {
namespace {

StudentOutcome outcome(const std::string& loss, const std::string& weak, uint64_t seed,
                       std::optional<double> pgr, double acc = 0.8) {
  StudentOutcome o;
  o.task = "t";
  o.view = "clean";
  o.weakSize = weak;
  o.strongSize = "big";
  o.loss = loss;
  o.seed = seed;
  o.pgr = pgr;
  o.w2sAcc = acc;
  o.weakAcc = 0.5;
  o.ceilingAcc = 0.9;
  return o;
}

TEST(MethodComparison, PairsOutcomesOfTheSameCell) {
  const std::vector<StudentOutcome> outcomes = {
      outcome("logconf", "s", 0, 0.6),          outcome("xent", "s", 0, 0.2),
      outcome("logconf", "s", 1, 0.5),          outcome("xent", "s", 1, 0.4),
      outcome("logconf", "m", 0, 0.1),          outcome("xent", "m", 0, 0.3),
      outcome("logconf", "m", 1, std::nullopt), outcome("xent", "m", 1, 0.3),
      outcome("logconf", "l", 0, 0.9),  // no xent partner
      outcome("product", "s", 0, 0.7)};
  const MethodComparison c = compareMethods(outcomes, CompareBy::Loss, "logconf", "xent");
  EXPECT_EQ(c.cells.size(), 4u);
  EXPECT_EQ(c.unmatched, 1);
  // Differences 0.4, 0.1, -0.2 and one undefined pair.
  EXPECT_EQ(c.stats.n, 3);
  EXPECT_EQ(c.stats.skipped, 1);
  EXPECT_EQ(c.stats.wins, 2);
  EXPECT_EQ(c.stats.losses, 1);
  EXPECT_NEAR(c.stats.medianDifference, 0.1, 1e-12);
  EXPECT_STREQ(toString(c.metric), "pgr");
}

TEST(MethodComparison, OtherMetricsAndDuplicates) {
  const std::vector<StudentOutcome> outcomes = {outcome("a", "s", 0, std::nullopt, 0.9),
                                                outcome("b", "s", 0, std::nullopt, 0.7)};
  const MethodComparison c =
      compareMethods(outcomes, CompareBy::Loss, "a", "b", OutcomeMetric::W2sAcc);
  ASSERT_EQ(c.cells.size(), 1u);
  EXPECT_NEAR(c.stats.meanDifference, 0.2, 1e-12);
  std::vector<StudentOutcome> twice = outcomes;
  twice.push_back(outcome("a", "s", 0, 0.1));
  EXPECT_THROW(compareMethods(twice, CompareBy::Loss, "a", "b"), std::invalid_argument);
}

TEST(MethodComparison, ByMethodPairsWithinTheSameLoss) {
  auto with = [](StudentOutcome o, const std::string& method) {
    o.method = method;
    return o;
  };
  const std::vector<StudentOutcome> outcomes = {with(outcome("xent", "s", 0, 0.5), "bootstrap"),
                                                with(outcome("xent", "s", 0, 0.3), "direct"),
                                                with(outcome("logconf", "s", 0, 0.1), "bootstrap"),
                                                with(outcome("logconf", "s", 0, 0.6), "direct")};
  const MethodComparison c = compareMethods(outcomes, CompareBy::Method, "bootstrap", "direct");
  ASSERT_EQ(c.cells.size(), 2u);
  EXPECT_EQ(c.cells[0].shared, "logconf");
  EXPECT_NEAR(c.cells[0].a - c.cells[0].b, -0.5, 1e-12);
  EXPECT_EQ(c.cellStats.wins, 1);
  EXPECT_EQ(c.cellStats.losses, 1);
  // Both cells learn from the same weak model and seed: one unit, mean A - B (-0.5 + 0.2) / 2.
  EXPECT_EQ(c.clusters, 1);
  EXPECT_EQ(c.stats.losses, 1);
  EXPECT_NEAR(c.stats.meanDifference, -0.15, 1e-12);
  // Comparing losses keeps the two methods apart: one pair per method.
  EXPECT_EQ(compareMethods(outcomes, CompareBy::Loss, "xent", "logconf").cells.size(), 2u);
}

TEST(MethodComparison, ByNamePairsDirectAndBootstrappedStudentsOfAnyLoss) {
  auto with = [](StudentOutcome o, const std::string& method, int64_t weakParams) {
    o.method = method;
    o.weakParams = weakParams;
    return o;
  };
  const std::vector<StudentOutcome> outcomes = {
      with(outcome("logconf", "w128", 0, 0.5), "bootstrap", 128),
      with(outcome("xent", "w128", 0, 0.3), "direct", 128),
      with(outcome("logconf", "w16", 0, 0.1), "bootstrap", 16),
      with(outcome("xent", "w16", 0, 0.6), "direct", 16),
      with(outcome("logconf", "w16", 0, 0.9), "direct", 16)};
  const MethodComparison c = compareMethods(outcomes, CompareBy::Name, "logconf+bootstrap", "xent");
  ASSERT_EQ(c.cells.size(), 2u);
  EXPECT_EQ(c.unmatched, 0);
  // Cells run by parameter count: w16 (16 params) before w128.
  EXPECT_EQ(c.cells[0].weakSize, "w16");
  EXPECT_NEAR(c.cells[0].a - c.cells[0].b, -0.5, 1e-12);
  EXPECT_NEAR(c.cells[1].a - c.cells[1].b, 0.2, 1e-12);
  EXPECT_EQ(c.cells[1].weakParams, 128);
  // The direct logconf student is a method of its own.
  EXPECT_EQ(compareMethods(outcomes, CompareBy::Name, "logconf", "xent").cells.size(), 1u);
  const auto names = methodNames(outcomes);
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[0], "xent");
  EXPECT_EQ(names[1], "logconf+bootstrap");
  EXPECT_EQ(names[2], "logconf");
}

TEST(MethodComparison, MetricNamesRoundTrip) {
  for (OutcomeMetric m : allOutcomeMetrics()) {
    const auto parsed = outcomeMetricFromString(toString(m));
    ASSERT_TRUE(parsed.has_value()) << toString(m);
    EXPECT_EQ(*parsed, m);
    EXPECT_STRNE(outcomeMetricLabel(m), "?");
  }
  EXPECT_FALSE(outcomeMetricFromString("accuracy").has_value());
  StudentOutcome o = outcome("xent", "s", 0, std::nullopt, 0.7);
  o.w2sAuroc = 0.81;
  o.pgrEarly = 0.25;
  EXPECT_TRUE(std::isnan(outcomeValue(o, OutcomeMetric::Pgr)));
  EXPECT_DOUBLE_EQ(outcomeValue(o, OutcomeMetric::W2sAuroc), 0.81);
  EXPECT_DOUBLE_EQ(outcomeValue(o, OutcomeMetric::PgrEarly), 0.25);
  EXPECT_DOUBLE_EQ(outcomeValue(o, OutcomeMetric::W2sAcc), 0.7);
}

// Students of two strong sizes trained on one weak model's labels (same weak size and seed) are
// one cluster: the tests see one pair per cluster, not one per cell.
// A per-student PGR over a gap below one accuracy point is skipped, not compared.
TEST(MethodComparison, PgrOverATinyGapIsSkipped) {
  std::vector<StudentOutcome> outcomes = {outcome("a", "s", 0, 3.0), outcome("b", "s", 0, -2.0),
                                          outcome("a", "s", 1, 0.6), outcome("b", "s", 1, 0.4)};
  outcomes[0].ceilingAcc = outcomes[1].ceilingAcc = 0.505;  // seed 0: gap 0.005
  const MethodComparison c = compareMethods(outcomes, CompareBy::Loss, "a", "b");
  EXPECT_EQ(c.cellStats.n, 1);
  EXPECT_EQ(c.cellStats.skipped, 1);
  EXPECT_NEAR(c.cellStats.meanDifference, 0.2, 1e-12);
  // Accuracy itself is still compared in that cell.
  EXPECT_EQ(compareMethods(outcomes, CompareBy::Loss, "a", "b", OutcomeMetric::W2sAcc).cellStats.n,
            2);
}

TEST(MethodComparison, CellsSharingAWeakModelAndSeedAreOneUnit) {
  std::vector<StudentOutcome> outcomes;
  const double diffs[2][2] = {{0.3, 0.1}, {0.2, -0.4}};  // [seed][strong]
  for (uint64_t seed = 0; seed < 2; ++seed) {
    for (int strong = 0; strong < 2; ++strong) {
      StudentOutcome a = outcome("logconf", "s", seed, 0.5 + diffs[seed][strong]);
      StudentOutcome b = outcome("xent", "s", seed, 0.5);
      a.strongSize = b.strongSize = strong ? "huge" : "big";
      outcomes.push_back(a);
      outcomes.push_back(b);
    }
  }
  const MethodComparison c = compareMethods(outcomes, CompareBy::Loss, "logconf", "xent");
  EXPECT_EQ(c.cells.size(), 4u);
  EXPECT_EQ(c.cellStats.n, 4);
  EXPECT_EQ(c.cellStats.wins, 3);
  EXPECT_EQ(c.clusters, 2);
  EXPECT_EQ(c.stats.n, 2);
  // Cluster means of A - B: seed 0 (0.3 + 0.1) / 2 = 0.2, seed 1 (0.2 - 0.4) / 2 = -0.1.
  EXPECT_EQ(c.stats.wins, 1);
  EXPECT_EQ(c.stats.losses, 1);
  EXPECT_NEAR(c.stats.meanDifference, 0.05, 1e-12);
  EXPECT_EQ(unitOfAnalysis(c),
            "2 clusters (weak model x seed; cells sharing weak labels averaged)");
}

}  // namespace
}  // namespace w2s
