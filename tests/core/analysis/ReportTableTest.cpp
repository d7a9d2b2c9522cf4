// ReportTable: the report's headline, notes and cells as data (printed by `w2s report`, shown by
// the window's results tab).
#include <gtest/gtest.h>

#include <cmath>

#include "core/analysis/ReportTable.h"

namespace w2s {
namespace {

StudentOutcome outcome(const std::string& strong, const std::string& loss, uint64_t seed,
                       double weak, double w2s, double ceiling) {
  StudentOutcome o;
  o.studentHash = strong + loss + std::to_string(seed);
  o.task = "toy";
  o.view = "noisy";
  o.weakSize = "w8";
  o.strongSize = strong;
  o.loss = loss;
  o.seed = seed;
  o.weakParams = 100;
  o.strongParams = strong == "w8" ? 100 : 10000;
  o.sizeGap = std::log10(static_cast<double>(o.strongParams) / o.weakParams);
  o.weakAcc = weak;
  o.w2sAcc = w2s;
  o.ceilingAcc = ceiling;
  o.pgr = (w2s - weak) / (ceiling - weak);
  return o;
}

std::vector<StudentOutcome> sweep() {
  std::vector<StudentOutcome> out;
  for (uint64_t seed = 0; seed < 3; ++seed) {
    const double d = 0.01 * static_cast<double>(seed);
    out.push_back(outcome("w512", "xent", seed, 0.70 + d, 0.75 + d, 0.90 + d));
    out.push_back(outcome("w512", "logconf", seed, 0.70 + d, 0.80 + d, 0.90 + d));
    // Same size: the ceiling is the supervisor's accuracy within noise: unstable.
    out.push_back(outcome("w8", "xent", seed, 0.70 + d, 0.70 + d, 0.70 + 0.001 * d));
  }
  return out;
}

TEST(ReportTableTest, CellsAreTheReportsNumbersWithNumericSortKeys) {
  const auto rows = aggregate(sweep());
  const ReportTable t = reportTable(rows, 0.95, false, false);
  ASSERT_EQ(t.rows.size(), rows.size());
  EXPECT_EQ(t.header.front(), "task");
  EXPECT_EQ(t.header[t.pgrColumn], "PGR");
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto& cells = t.rows[r];
    ASSERT_EQ(cells.size(), t.header.size());
    EXPECT_EQ(cells[0].text, "toy");
    EXPECT_EQ(cells[4].text, rows[r].loss);
    EXPECT_EQ(cells[t.pgrColumn].text, formatPgrCell(rows[r].pgrSeeds));
    EXPECT_EQ(cells[8].text, formatMeanCi(rows[r].w2sAcc));
    EXPECT_DOUBLE_EQ(cells[8].sortKey, rows[r].w2sAcc.mean);
    EXPECT_DOUBLE_EQ(cells[3].sortKey, static_cast<double>(rows[r].strongParams));
    const bool unstable = rows[r].pgrSeeds.unstable;
    EXPECT_EQ(cells[t.pgrColumn].flagged, unstable) << cells[t.pgrColumn].text;
    if (unstable) {
      EXPECT_EQ(cells[t.pgrColumn].text, "unstable");
      EXPECT_TRUE(std::isnan(cells[t.pgrColumn].sortKey));
    } else {
      EXPECT_NEAR(cells[t.pgrColumn].sortKey, rows[r].pgrSeeds.ratio, 1e-12);
    }
  }
}

TEST(ReportTableTest, HeadlineSaysWhetherTheConfidenceLossBeatCrossEntropy) {
  const ReportTable t = reportTable(aggregate(sweep()), 0.95, false, false);
  ASSERT_EQ(t.headline.size(), 3u);
  EXPECT_EQ(t.headline[0], "headline (PGR at the largest size gap):");
  EXPECT_NE(t.headline[1].find("noisy (toy), w8 -> w512, gap 2.0: xent 0.25"), std::string::npos)
      << t.headline[1];
  EXPECT_NE(t.headline[2].find("logconf 0.50"), std::string::npos) << t.headline[2];
  EXPECT_NE(t.headline[2].find("beat xent by 0.25"), std::string::npos) << t.headline[2];
  // The notes explain "unstable" only when a row is.
  std::string notes;
  for (const auto& n : t.notes) notes += n + "\n";
  EXPECT_NE(notes.find("\"unstable\""), std::string::npos);
  std::vector<StudentOutcome> stable;
  for (const auto& o : sweep()) {
    if (o.strongSize != "w8") stable.push_back(o);
  }
  std::string stableNotes;
  for (const auto& n : reportTable(aggregate(stable), 0.95, false, false).notes) stableNotes += n;
  EXPECT_EQ(stableNotes.find("\"unstable\""), std::string::npos);
}

TEST(ReportTableTest, BootstrapBelowTenSeedsIsLabelledApproximate) {
  const ReportTable t =
      reportTable(aggregate(sweep(), 0.95, CiMethod::Bootstrap), 0.95, false, true);
  EXPECT_NE(t.notes.front().find("percentile bootstrap interval over seeds (approximate"),
            std::string::npos)
      << t.notes.front();
  EXPECT_EQ(formatMeanCi(MeanCi{0.5, 0.4, 0.6, 2}), "0.500 ± 0.100");
  EXPECT_EQ(formatMeanCi(MeanCi{0.5, 0.5, 0.5, 1}), "0.500");
  EXPECT_EQ(formatMeanCi(MeanCi{}), "undefined");
}

}  // namespace
}  // namespace w2s
