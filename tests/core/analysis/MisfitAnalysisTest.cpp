#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/analysis/MisfitAnalysis.h"

namespace w2s {
namespace {

StudentOutcome student(const std::string& view, const std::string& weak, uint64_t seed,
                       double misfitSq, double gainSq, double acc) {
  StudentOutcome o;
  o.task = "t";
  o.view = view;
  o.loss = "xent";
  o.weakSize = weak;
  o.strongSize = "s";
  o.seed = seed;
  o.w2sAcc = acc;
  MisfitGain m;
  m.misfitSq = misfitSq;
  m.gainSq = gainSq;
  m.misfitKl = 2 * misfitSq;
  m.gainKl = gainSq;
  m.disagreement = misfitSq;
  m.accGain = gainSq / 2;
  o.misfit = m;
  return o;
}

TEST(MisfitAnalysis, FitsGainOnMisfitPerCell) {
  std::vector<StudentOutcome> out = {
      student("clean", "w1", 0, 0.1, 0.2, 0.7), student("clean", "w2", 0, 0.2, 0.3, 0.8),
      student("clean", "w3", 0, 0.3, 0.2, 0.6), student("noisy", "w1", 0, 0.1, 0.1, 0.5)};
  // Neither a chained student nor one without probabilities counts.
  StudentOutcome chained = student("clean", "w4", 0, 9, 9, 0.9);
  chained.method = "bootstrap";
  chained.chainSteps = 2;
  out.push_back(chained);
  StudentOutcome imported = student("clean", "w5", 0, 9, 9, 0.9);
  imported.misfit.reset();
  out.push_back(imported);

  const auto cells = misfitGainByCell(out);
  ASSERT_EQ(cells.size(), 2u);
  const MisfitGainCell& clean = cells[0];
  EXPECT_EQ(clean.view, "clean");
  EXPECT_EQ(clean.squared.n, 3);
  EXPECT_NEAR(clean.squared.meanMisfit, 0.2, 1e-12);
  EXPECT_NEAR(clean.squared.meanGain, 0.7 / 3, 1e-12);
  EXPECT_NEAR(clean.squared.slope, 0.0, 1e-12);  // gains 0.2, 0.3, 0.2 over 0.1, 0.2, 0.3
  EXPECT_NEAR(clean.squared.r, 0.0, 1e-12);
  EXPECT_NEAR(clean.squared.holds, 2.0 / 3, 1e-12);  // 0.2 >= 0.1, 0.3 >= 0.2, not 0.2 >= 0.3
  // KL: gains 0.2, 0.3, 0.2 against misfits 0.2, 0.4, 0.6.
  EXPECT_NEAR(clean.kl.holds, 1.0 / 3, 1e-12);
  EXPECT_EQ(clean.plain.n, 3);
  EXPECT_EQ(cells[1].squared.n, 1);
  EXPECT_TRUE(std::isnan(cells[1].squared.r)) << "one student has no correlation";
}

TEST(MisfitAnalysis, RanksSupervisorsByMisfitAgainstStudentAccuracy) {
  std::vector<StudentOutcome> out;
  // Seed 0: the larger the misfit, the better the student. Seed 1: the reverse.
  for (int k = 0; k < 3; ++k) {
    out.push_back(student("clean", "w" + std::to_string(k), 0, 0.1 * (k + 1), 0, 0.6 + 0.1 * k));
    out.push_back(student("clean", "w" + std::to_string(k), 1, 0.1 * (k + 1), 0, 0.8 - 0.1 * k));
  }
  out.push_back(student("noisy", "w0", 0, 0.1, 0, 0.5));  // two weak models: no ranking
  out.push_back(student("noisy", "w1", 0, 0.2, 0, 0.6));
  const auto choices = chooseSupervisorsByMisfit(out);
  ASSERT_EQ(choices.size(), 2u);
  EXPECT_EQ(choices[0].seed, 0u);
  EXPECT_EQ(choices[0].supervisors, 3);
  EXPECT_NEAR(choices[0].rho, 1.0, 1e-12);
  EXPECT_EQ(choices[0].byMisfit, "w2");
  EXPECT_EQ(choices[0].byAccuracy, "w2");
  EXPECT_NEAR(choices[1].rho, -1.0, 1e-12);
  EXPECT_EQ(choices[1].byMisfit, "w2");
  EXPECT_EQ(choices[1].byAccuracy, "w0");
}

}  // namespace
}  // namespace w2s
