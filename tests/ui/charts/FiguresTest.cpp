// The figure builders (ChartSpec level): what each figure plots from the fixture store.
#include <gtest/gtest.h>

#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "core/store/RunStore.h"
#include "tests/ui/FixtureStore.h"
#include "ui/charts/FigureCatalog.h"
#include "ui/charts/Palette.h"

namespace w2s {
namespace {

class FiguresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.isValid());
    info_ = test::writeFixtureStore(dir_.filePath("runs.db").toStdString());
    RunStore store(info_.path);
    data_ = FigureData::load(store, info_.sweepId);
  }
  const SeriesSpec* find(const ChartSpec& spec, const QString& prefix) const {
    for (const auto& s : spec.series) {
      if (s.kind != SeriesKind::Band && s.name.startsWith(prefix)) return &s;
    }
    return nullptr;
  }
  // The PGR a figure draws for a cell: the ratio of mean gains over its seeds (docs/science.md).
  static double ratioOf(const FigureData& d, const std::string& weak, const std::string& strong,
                        const std::string& loss, const std::string& method = "direct") {
    std::vector<double> w, s, c;
    for (const auto& o : d.outcomes) {
      if (o.weakSize != weak || o.strongSize != strong || o.loss != loss || o.method != method ||
          o.strongVariant.find("pretrained") != std::string::npos) {
        continue;
      }
      w.push_back(o.weakAcc);
      s.push_back(o.w2sAcc);
      c.push_back(o.ceilingAcc);
    }
    return pgrAcrossSeeds(w, s, c).ratio;
  }
  QTemporaryDir dir_;
  test::FixtureStoreInfo info_;
  FigureData data_;
};

TEST_F(FiguresTest, EveryFigureHasDataAndATable) {
  for (const auto& f : FigureCatalog::all()) {
    // The fixture sweep has no synthetic supervisors (ErrorStructureFromLabelSourceCurves).
    if (f.name == "error-structure") continue;
    const ChartSpec spec = FigureCatalog::build(f.name, data_, FigureOptions());
    EXPECT_FALSE(spec.isEmpty()) << f.name.toStdString();
    EXPECT_FALSE(spec.csv.header.isEmpty()) << f.name.toStdString();
    EXPECT_FALSE(spec.csv.rows.empty()) << f.name.toStdString();
    for (const auto& row : spec.csv.rows) EXPECT_EQ(row.size(), spec.csv.header.size());
  }
  EXPECT_THROW(FigureCatalog::build("nope", data_, FigureOptions()), std::invalid_argument);
}

TEST_F(FiguresTest, PgrLeavesOutSameSizePairsAndSaysHowMany) {
  FigureOptions o;
  o.loss = "xent";
  const ChartSpec spec = FigureCatalog::build("pgr", data_, o);
  const SeriesSpec* w4 = find(spec, "w4");
  ASSERT_NE(w4, nullptr);
  // w4 -> w4 (x = 100 params) has no size gap (its PGR is undefined in both seeds): not drawn,
  // and the note says how many students were left out (w4->w4 and w16->w16, 2 seeds each).
  for (const auto& p : w4->points) EXPECT_NE(p.x(), 100.0);
  EXPECT_EQ(w4->points.size(), 2);
  EXPECT_TRUE(spec.notes.join(" ").contains("4 same-size students left out"))
      << spec.notes.join(" ").toStdString();
  for (const auto& row : spec.csv.rows) EXPECT_NE(row[3], row[4]) << "same-size pair in the table";
  const SeriesSpec* w16 = find(spec, "w16");
  ASSERT_NE(w16, nullptr);
  ASSERT_EQ(w16->points.size(), 1);  // w16 -> w64 only
  // The ratio of mean gains of its two seeds (per-seed PGRs 0.45 and 0.5).
  for (const auto& p : w16->points) EXPECT_NEAR(p.y(), ratioOf(data_, "w16", "w64", "xent"), 1e-9);
  EXPECT_NEAR(w16->points[0].y(), 0.475, 0.01);
}

TEST_F(FiguresTest, HeatmapSaysUndefinedNeverANumber) {
  FigureOptions o;
  o.loss = "xent";
  const ChartSpec spec = FigureCatalog::build("heatmap", data_, o);
  bool rowSeen = false;
  for (const auto& row : spec.csv.rows) {
    if (row.contains("w4") && row.count("w4") == 2) {
      rowSeen = true;
      // No size gap: its PGR is undefined or unstable, never a number.
      EXPECT_TRUE(row.contains("undefined") || row.contains("unstable"))
          << row.join(",").toStdString();
    }
  }
  EXPECT_TRUE(rowSeen);
}

TEST_F(FiguresTest, WeakSizeKeepsItsColourOnEveryFigure) {
  FigureOptions o;
  o.loss = "logconf";  // filtering must not shift colours
  const QColor w16 = Palette::weakColor(data_.weakIndex("w16"));
  for (const char* fig : {"accuracy", "pgr", "pgr-gap", "agreement", "best-final-pgr"}) {
    const ChartSpec spec = FigureCatalog::build(fig, data_, o);
    const SeriesSpec* s = find(spec, "w16");
    ASSERT_NE(s, nullptr) << fig;
    EXPECT_EQ(s->color, w16) << fig;
  }
  const ChartSpec curves = FigureCatalog::build("curves", data_, o);
  const SeriesSpec* c = find(curves, "w16");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->color, w16);
  EXPECT_NE(Palette::weakColor(0), Palette::weakColor(1));
}

TEST_F(FiguresTest, PretrainedAndScratchStudentsOfOneSizeAreSeparateLines) {
  // The same sizes again as pretrained models (another PGR, another ceiling): they share the
  // x of their scratch twins but must not be averaged with them as if they were seeds.
  FigureData d = data_;
  const size_t n = d.outcomes.size();
  for (size_t i = 0; i < n; ++i) {
    d.outcomes[i].strongVariant = "mlp";
    StudentOutcome twin = d.outcomes[i];
    twin.strongVariant = "mlp pretrained";
    twin.studentHash += "-p";
    twin.ceilingHash += "-p";
    twin.pgr = 0.9;
    twin.ceilingAcc = 0.99;
    twin.w2sAcc = twin.weakAcc + 0.9 * (twin.ceilingAcc - twin.weakAcc);  // PGR 0.9 in every seed
    d.outcomes.push_back(twin);
  }
  FigureOptions o;
  o.loss = "xent";
  const ChartSpec pgr = FigureCatalog::build("pgr", d, o);
  const SeriesSpec* scratch = find(pgr, "w16 · mlp");
  const SeriesSpec* pretrained = find(pgr, "w16 · mlp pretrained");
  ASSERT_NE(scratch, nullptr);
  ASSERT_NE(pretrained, nullptr);
  ASSERT_EQ(pretrained->points.size(), 1);
  EXPECT_NEAR(pretrained->points[0].y(), 0.9, 1e-9);
  EXPECT_NE(scratch->penStyle, pretrained->penStyle);
  // find() matches prefixes: the scratch line is the one whose name ends there.
  for (const auto& s : pgr.series) {
    if (s.kind != SeriesKind::Band && s.name == "w16 · mlp") {
      ASSERT_EQ(s.points.size(), 1);
      EXPECT_NEAR(s.points[0].y(), ratioOf(d, "w16", "w64", "xent"), 1e-9);
    }
  }
  const ChartSpec acc = FigureCatalog::build("accuracy", d, o);
  const SeriesSpec* ceilingP = find(acc, "ceiling · mlp pretrained");
  ASSERT_NE(ceilingP, nullptr);
  for (const auto& p : ceilingP->points) EXPECT_NEAR(p.y(), 0.99, 1e-9);
  EXPECT_NE(find(acc, "ceiling · mlp"), nullptr);
}

TEST_F(FiguresTest, BootstrappedStudentsAreLinesOfTheirOwnAndOutOfTheHeatmap) {
  FigureData d = data_;
  const size_t n = d.outcomes.size();
  for (size_t i = 0; i < n; ++i) {
    StudentOutcome boot = d.outcomes[i];
    boot.method = "bootstrap";
    boot.studentHash += "-b";
    boot.pgr = -5.0;  // would drag any mean it joined far below every direct value
    boot.w2sAcc = boot.weakAcc - 5.0 * (boot.ceilingAcc - boot.weakAcc);
    d.outcomes.push_back(boot);
  }
  FigureOptions o;
  o.loss = "xent";
  const ChartSpec pgr = FigureCatalog::build("pgr", d, o);
  const SeriesSpec* boot = find(pgr, "w16 · bootstrap");
  const SeriesSpec* direct = find(pgr, "w16 · direct");
  ASSERT_NE(boot, nullptr);
  ASSERT_NE(direct, nullptr);
  for (const auto& p : boot->points) EXPECT_NEAR(p.y(), -5.0, 1e-9);
  for (const auto& p : direct->points) EXPECT_NEAR(p.y(), ratioOf(d, "w16", "w64", "xent"), 1e-9);

  const ChartSpec heat = FigureCatalog::build("heatmap", d, o);
  EXPECT_TRUE(heat.notes.join(" ").contains("direct students only"));
  ASSERT_TRUE(heat.heatmap.has_value());
  for (const auto& v : heat.heatmap->values) {
    if (v) {
      EXPECT_GT(*v, -1.0);
    }
  }
}

TEST_F(FiguresTest, SummaryBarsAreWeakNaiveBestAndCeilingOfTheLargestGap) {
  FigureData d = data_;
  // A better method for one pair: the best bar must pick it, the naive bar must not.
  const size_t n = d.outcomes.size();
  for (size_t i = 0; i < n; ++i) {
    StudentOutcome other = d.outcomes[i];
    other.loss = "window";
    other.studentHash += "-l";
    other.w2sAcc = 0.99;
    d.outcomes.push_back(other);
  }
  d.losses.push_back("window");
  const ChartSpec spec = FigureCatalog::build("summary", d, FigureOptions());
  ASSERT_EQ(spec.xCategories.size(), 1);
  EXPECT_EQ(spec.xCategories[0], "w4 → w64");  // smallest weak, largest strong
  ASSERT_EQ(spec.csv.rows.size(), 4u);
  std::map<QString, double> bar;
  for (const auto& row : spec.csv.rows) bar[row[4]] = row[6].toDouble();
  EXPECT_NEAR(bar["best"], 0.99, 1e-9);
  EXPECT_LT(bar["naive"], 0.99);
  EXPECT_GT(bar["ceiling"], bar["weak"]);
  double naive = 0;
  int count = 0;
  for (const auto& o : data_.outcomes) {
    if (o.weakSize == "w4" && o.strongSize == "w64" && o.loss == "xent" &&
        o.view == data_.views.front()) {
      naive += o.w2sAcc;
      ++count;
    }
  }
  ASSERT_GT(count, 0);
  EXPECT_NEAR(bar["naive"], naive / count, 1e-3);
  EXPECT_TRUE(spec.notes.join(" ").contains("upper bound"));
  // Point-range, not bars from 0: each mean inside its interval, and the axis says it is cut.
  for (const auto& row : spec.csv.rows) {
    EXPECT_LE(row[8].toDouble(), row[6].toDouble() + 1e-9) << row.join(",").toStdString();
    EXPECT_GE(row[9].toDouble(), row[6].toDouble() - 1e-9) << row.join(",").toStdString();
  }
  EXPECT_TRUE(spec.notes.join(" ").contains("does not start at 0"));
  EXPECT_FALSE(spec.yRange.has_value());
  EXPECT_GT(spec.fittedRanges().y.first, 0.3) << "the axis still starts near 0";
}

TEST_F(FiguresTest, PgrOverTrainingIsEachEvaluationAgainstSupervisorAndCeiling) {
  FigureOptions o;
  o.smoothing = 0;  // raw values: the line is the PGR itself
  // Every student of the fixture with a curve: the w4 -> w4 pair has its ceiling below its
  // supervisor and must be left out, not drawn as a ratio of noise.
  for (const auto& s : data_.students) o.students.push_back(s.hash);
  FigureData d = FigureData::load(RunStore(info_.path), info_.sweepId, o.students);
  const ChartSpec spec = FigureCatalog::build("pgr-curves", d, o);
  ASSERT_FALSE(spec.isEmpty());
  int lines = 0, leftOut = 0;
  for (const auto& st : d.students) {
    if (!(st.ceilingAcc - st.supervisorAcc >= 0.01)) {
      ++leftOut;
      continue;
    }
    const auto& curve = d.curves.at(st.hash);
    const SeriesSpec* line = nullptr;
    for (const auto& s : spec.series) {
      if (s.kind == SeriesKind::Line && s.inLegend && s.group >= 0 &&
          s.points.size() == static_cast<qsizetype>(curve.size()) &&
          std::abs(s.points.front().y() - (curve.front().testAcc - st.supervisorAcc) /
                                              (st.ceilingAcc - st.supervisorAcc)) < 1e-9 &&
          std::abs(s.points.back().y() - (curve.back().testAcc - st.supervisorAcc) /
                                             (st.ceilingAcc - st.supervisorAcc)) < 1e-9) {
        line = &s;
      }
    }
    EXPECT_NE(line, nullptr) << st.label();
    ++lines;
  }
  ASSERT_GT(leftOut, 0);
  ASSERT_GT(lines, 0);
  EXPECT_TRUE(spec.notes.join(" ").contains(QStringLiteral("%1 student(s) left out").arg(leftOut)))
      << spec.notes.join(" | ").toStdString();
  // One peak and one final marker per drawn student; the table has a row per evaluation.
  int peaks = 0;
  for (const auto& s : spec.series) peaks += s.name.endsWith(" peak");
  EXPECT_EQ(peaks, lines);
  size_t evaluations = 0;
  for (const auto& st : d.students) {
    if (st.ceilingAcc - st.supervisorAcc >= 0.01) evaluations += d.curves.at(st.hash).size();
  }
  EXPECT_EQ(spec.csv.rows.size(), evaluations);
}

TEST_F(FiguresTest, FiguresOpenOnTheCutWithTheLargestRecoveredGap) {
  // In the fixture logconf recovers more than xent (docs of FixtureStore.h).
  const auto [view, loss] = data_.storyCut();
  EXPECT_EQ(view, data_.views.front());
  EXPECT_EQ(loss, "logconf");
  for (const std::string& hash : data_.defaultCurveStudents()) {
    const StudentInfo* s = data_.student(hash);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->loss, "logconf");
    EXPECT_EQ(s->strongSize, "w64");
  }
  // Make xent the better loss: the default follows.
  FigureData d = data_;
  for (auto& o : d.outcomes) {
    if (o.loss == "xent" && o.pgr) o.pgr = *o.pgr + 1.0;
  }
  EXPECT_EQ(d.storyCut().second, "xent");
}

TEST_F(FiguresTest, CompareDrawsOnePointPerMatchedCellAndTheTests) {
  // Default pair: B = xent, A = the other loss of the fixture.
  const ChartSpec spec = FigureCatalog::build("compare", data_, FigureOptions());
  ASSERT_FALSE(spec.isEmpty()) << spec.emptyText.toStdString();
  EXPECT_EQ(spec.title, "logconf vs xent");
  // Expected pairs by hand: the same (view, weak, strong, seed) of both losses, PGR defined.
  std::map<std::tuple<std::string, std::string, std::string, uint64_t>, std::pair<double, double>>
      cells;
  for (const auto& o : data_.outcomes) {
    auto& c = cells[{o.view, o.weakSize, o.strongSize, o.seed}];
    if (o.loss == "logconf") c.first = o.pgr.value_or(NAN);
    if (o.loss == "xent") c.second = o.pgr.value_or(NAN);
  }
  int defined = 0, aBetter = 0;
  for (const auto& [key, v] : cells) {
    if (std::isfinite(v.first) && std::isfinite(v.second)) {
      ++defined;
      aBetter += v.first > v.second;
    }
  }
  ASSERT_GT(defined, 0);
  int points = 0;
  for (const auto& s : spec.series) {
    if (s.kind != SeriesKind::Scatter) continue;
    for (const auto& p : s.points) {
      ++points;
      // Each point is (xent, logconf) of one cell.
      bool found = false;
      for (const auto& [key, v] : cells) {
        found |= std::abs(v.second - p.x()) < 1e-9 && std::abs(v.first - p.y()) < 1e-9;
      }
      EXPECT_TRUE(found) << p.x() << ", " << p.y();
    }
    // Linked views: each point names its cell's two students, one per method.
    ASSERT_EQ(s.pointStudents.size(), static_cast<size_t>(s.points.size()));
    for (const QStringList& students : s.pointStudents) {
      ASSERT_EQ(students.size(), 2);
      std::set<std::string> losses;
      for (const QString& h : students) {
        for (const auto& o : data_.outcomes) {
          if (QString::fromStdString(o.studentHash) == h) losses.insert(o.loss);
        }
      }
      EXPECT_EQ(losses, (std::set<std::string>{"logconf", "xent"}));
    }
  }
  EXPECT_EQ(points, defined);
  EXPECT_EQ(static_cast<int>(spec.csv.rows.size()), static_cast<int>(cells.size()));
  const QString notes = spec.notes.join(" ");
  EXPECT_TRUE(notes.contains(QStringLiteral("%1 pairs").arg(defined))) << notes.toStdString();
  EXPECT_TRUE(notes.contains(QStringLiteral("A better in %1,").arg(aBetter)))
      << notes.toStdString();
  EXPECT_TRUE(notes.contains("Wilcoxon")) << notes.toStdString();
  // A chosen pair and metric; a pair that is not in the data falls back to the default.
  FigureOptions o;
  o.methodA = "xent";
  o.methodB = "logconf";
  o.compareMetric = OutcomeMetric::W2sAcc;
  const ChartSpec acc = FigureCatalog::build("compare", data_, o);
  EXPECT_EQ(acc.title, "xent vs logconf");
  EXPECT_TRUE(acc.yTitle.contains("accuracy"));
  for (const auto& row : acc.csv.rows) EXPECT_EQ(row[7], "acc");
  o.methodA = "nope";
  EXPECT_EQ(FigureCatalog::build("compare", data_, o).title, "xent vs logconf");
  // One method only: nothing to compare, and --all / export all skip the figure.
  FigureData one = data_;
  one.outcomes.erase(std::remove_if(one.outcomes.begin(), one.outcomes.end(),
                                    [](const StudentOutcome& x) { return x.loss != "xent"; }),
                     one.outcomes.end());
  EXPECT_TRUE(FigureCatalog::build("compare", one, FigureOptions()).isEmpty());
  EXPECT_FALSE(FigureCatalog::find("compare")->skipReason.isEmpty());
}

TEST_F(FiguresTest, MisfitGainDrawsEachDirectStudentAgainstTheLine) {
  const ChartSpec spec = FigureCatalog::build("misfit-gain", data_, FigureOptions());
  std::set<QString> expected;
  for (const auto& o : data_.outcomes) {
    if (o.misfit && o.method == "direct" && o.chainSteps == 1 && o.labelSource.empty()) {
      expected.insert(QString::fromStdString(o.studentHash));
    }
  }
  ASSERT_FALSE(expected.empty()) << "the fixture stores test probabilities";
  std::set<QString> drawn;
  bool diagonal = false;
  for (const auto& s : spec.series) {
    diagonal |= s.name == "gain = misfit";
    ASSERT_EQ(s.pointStudents.size(), s.name == "gain = misfit" ? 0u : size_t(s.points.size()));
    for (size_t k = 0; k < s.pointStudents.size(); ++k) {
      ASSERT_EQ(s.pointStudents[k].size(), 1) << "one point per student";
      drawn.insert(s.pointStudents[k].front());
      const auto& o = *std::find_if(data_.outcomes.begin(), data_.outcomes.end(), [&](auto& x) {
        return QString::fromStdString(x.studentHash) == s.pointStudents[k].front();
      });
      EXPECT_DOUBLE_EQ(s.points[static_cast<qsizetype>(k)].x(), o.misfit->misfitSq);
      EXPECT_DOUBLE_EQ(s.points[static_cast<qsizetype>(k)].y(), o.misfit->gainSq);
    }
  }
  EXPECT_TRUE(diagonal);
  EXPECT_EQ(drawn, expected);
  EXPECT_EQ(spec.csv.rows.size(), expected.size());
  ASSERT_FALSE(spec.notes.isEmpty());
  EXPECT_TRUE(spec.notes.front().startsWith(QString::number(expected.size()) + " students · r = "))
      << spec.notes.front().toStdString();
  // The KL variant plots the other pair.
  const ChartSpec kl = FigureCatalog::build("misfit-gain-kl", data_, FigureOptions());
  EXPECT_EQ(kl.csv.rows.size(), expected.size());
  EXPECT_NE(kl.xTitle, spec.xTitle);
}

TEST_F(FiguresTest, MisfitGainWithOneSupervisorTellsStudentsApartBySize) {
  FigureData one = data_;
  const std::string weak = data_.weakSizes.front();
  one.outcomes.erase(std::remove_if(one.outcomes.begin(), one.outcomes.end(),
                                    [&](const StudentOutcome& x) { return x.weakSize != weak; }),
                     one.outcomes.end());
  std::set<std::string> strong;
  for (const auto& o : one.outcomes) {
    if (o.misfit && o.method == "direct" && o.chainSteps == 1) strong.insert(o.strongSize);
  }
  ASSERT_GT(strong.size(), 1u) << "the fixture's first weak size supervises several sizes";
  std::set<QString> names;
  for (const auto& s : FigureCatalog::build("misfit-gain", one, FigureOptions()).series) {
    if (s.name != "gain = misfit") names.insert(s.name);
  }
  std::set<QString> expected;
  for (const auto& size : strong) expected.insert(QString::fromStdString(weak + " → " + size));
  EXPECT_EQ(names, expected);
}

TEST_F(FiguresTest, ErrorStructureFromLabelSourceCurves) {
  EXPECT_TRUE(FigureCatalog::build("error-structure", data_, FigureOptions()).isEmpty());
  FigureData d;
  // Two synthetic supervisors, two seeds each, one strong size: agreement on their errors rises
  // for the systematic one and stays low for random flips.
  for (const std::string source : {"class_confusion", "random_flips"}) {
    for (uint64_t seed = 0; seed < 2; ++seed) {
      StudentInfo s;
      s.hash = source + std::to_string(seed);
      s.weakSize = source == "class_confusion" ? "confuse" : "flips";
      s.strongSize = "w64";
      s.strongParams = 64;
      s.loss = "xent";
      s.seed = seed;
      s.status = JobStatus::Done;
      s.labelSource = source;
      std::vector<EvalPoint> curve;
      for (int k = 1; k <= 4; ++k) {
        EvalPoint p;
        p.step = 10 * k;
        p.agreeWrong = source == "class_confusion" ? 0.2 * k + 0.1 * seed : 0.1;
        p.agreeAll = 0.9;
        curve.push_back(p);
      }
      d.curves[s.hash] = curve;
      d.students.push_back(s);
    }
  }
  const ChartSpec spec = FigureCatalog::build("error-structure", d, FigureOptions());
  ASSERT_EQ(spec.series.size(), 2u);
  const SeriesSpec* confuse = find(spec, "confuse");
  ASSERT_NE(confuse, nullptr);
  ASSERT_EQ(confuse->points.size(), 4);
  EXPECT_DOUBLE_EQ(confuse->points[0].x(), 0.25);   // step 10 of 40
  EXPECT_NEAR(confuse->points[3].y(), 0.85, 1e-9);  // mean of 0.8 and 0.9
  const SeriesSpec* flips = find(spec, "flips");
  ASSERT_NE(flips, nullptr);
  for (const auto& p : flips->points) EXPECT_NEAR(p.y(), 0.1, 1e-9);
  EXPECT_EQ(spec.csv.rows.size(), 8u);
}

TEST_F(FiguresTest, AccuracyHasTheCeilingInBlackAndBandsWhenSeedsDiffer) {
  FigureOptions o;
  o.band = BandKind::MinMax;
  const ChartSpec spec = FigureCatalog::build("accuracy", data_, o);
  EXPECT_TRUE(spec.logX);
  const SeriesSpec* ceiling = find(spec, "ceiling");
  ASSERT_NE(ceiling, nullptr);
  EXPECT_EQ(ceiling->color, QColor(Qt::black));
  EXPECT_EQ(ceiling->points.size(), 3);
  bool band = false;
  for (const auto& s : spec.series) {
    if (s.kind != SeriesKind::Band) continue;
    band = true;
    for (qsizetype i = 0; i < s.points.size(); ++i) EXPECT_GE(s.points[i].y(), s.lower[i].y());
  }
  EXPECT_TRUE(band);  // supervisors differ by seed in the fixture
}

TEST_F(FiguresTest, CurvesSmoothOnFullDataAndMarkBestAndFinal) {
  FigureOptions o;
  o.smoothing = 0.8;
  o.students = {info_.students.back()};
  FigureData d = data_;
  RunStore store(info_.path);
  d = FigureData::load(store, info_.sweepId, o.students);
  const ChartSpec spec = FigureCatalog::build("curves", d, o);
  const SeriesSpec* raw =
      find(spec, QString::fromStdString(d.student(o.students[0])->label()) + " (raw)");
  ASSERT_NE(raw, nullptr);
  EXPECT_LT(raw->opacity, 0.5);
  EXPECT_EQ(raw->points.size(), info_.curvePoints);
  const SeriesSpec* best = nullptr;
  const SeriesSpec* fin = nullptr;
  for (const auto& s : spec.series) {
    if (s.name.endsWith(" best") && !s.points.isEmpty()) best = &s;
    if (s.name.endsWith(" final") && !s.points.isEmpty()) fin = &s;
  }
  ASSERT_NE(best, nullptr);
  ASSERT_NE(fin, nullptr);
  double maxRaw = 0;
  for (const auto& p : raw->points) maxRaw = std::max(maxRaw, p.y());
  EXPECT_DOUBLE_EQ(best->points[0].y(), maxRaw);
  EXPECT_EQ(fin->points[0], raw->points.back());
  // Supervisor and ceiling references are horizontal lines.
  const SeriesSpec* sup = find(spec, "supervisor");
  const SeriesSpec* ceil = find(spec, "ceiling");
  ASSERT_NE(sup, nullptr);
  ASSERT_NE(ceil, nullptr);
  EXPECT_EQ(sup->points[0].y(), sup->points[1].y());
  EXPECT_GT(ceil->points[0].y(), sup->points[0].y());
  // Epoch axis.
  o.curveX = CurveX::Epoch;
  const ChartSpec byEpoch = FigureCatalog::build("curves", d, o);
  EXPECT_EQ(byEpoch.xTitle, "epoch");
  EXPECT_LE(byEpoch.xRange->second, 2.0 + 1e-9);
  // Training accuracy against the given labels instead of test accuracy: the stored values.
  o.curveX = CurveX::Step;
  o.curveY = CurveY::TrainGivenLabels;
  o.smoothing = 0;
  const ChartSpec train = FigureCatalog::build("curves", d, o);
  EXPECT_EQ(train.yTitle, "train acc. (given labels)");
  const SeriesSpec* line = find(train, QString::fromStdString(d.student(o.students[0])->label()));
  ASSERT_NE(line, nullptr);
  const auto& curve = d.curves.at(o.students[0]);
  ASSERT_EQ(line->points.size(), static_cast<qsizetype>(curve.size()));
  for (size_t i = 0; i < curve.size(); ++i) {
    EXPECT_DOUBLE_EQ(line->points[static_cast<qsizetype>(i)].y(), curve[i].trainAcc);
  }
  EXPECT_EQ(train.csv.header[8], "train_acc");
  EXPECT_TRUE(train.notes.join(" ").contains("labels each student trains on"));
}

TEST_F(FiguresTest, HeatmapMarksUndefinedAndNeverRunCells) {
  FigureOptions o;
  o.loss = "xent";
  const ChartSpec spec = FigureCatalog::build("heatmap", data_, o);
  ASSERT_TRUE(spec.heatmap.has_value());
  const HeatmapSpec& h = *spec.heatmap;
  ASSERT_EQ(h.rows, (QStringList{"w16", "w4"}));  // largest supervisor on top
  ASSERT_EQ(h.cols, (QStringList{"w4", "w16", "w64"}));
  // w16 -> w4 never ran (weak larger than strong): blank. w4 -> w4: undefined.
  EXPECT_FALSE(h.present[0 * 3 + 0]);
  EXPECT_TRUE(h.present[1 * 3 + 0]);
  EXPECT_FALSE(h.values[1 * 3 + 0].has_value());
  EXPECT_TRUE(h.cellNotes[1 * 3 + 0].contains("undefined") ||
              h.cellNotes[1 * 3 + 0].contains("unstable"));
  ASSERT_TRUE(h.values[1 * 3 + 2].has_value());
  // w4 -> w64, xent: the ratio of mean gains (per-seed PGRs 0.3 and 0.35).
  EXPECT_NEAR(*h.values[1 * 3 + 2], ratioOf(data_, "w4", "w64", "xent"), 1e-9);
  EXPECT_LE(h.lo, 0.0);
  EXPECT_GE(h.hi, 1.0);
  // Linked views: a cell names its students (every seed of the pair, this loss); never-run
  // cells none.
  ASSERT_EQ(h.cellStudents.size(), h.values.size());
  EXPECT_TRUE(h.cellStudents[0 * 3 + 0].isEmpty());
  const QStringList cell = h.cellStudents[1 * 3 + 2];
  ASSERT_EQ(cell.size(), 2);
  for (const auto& out : data_.outcomes) {
    if (!cell.contains(QString::fromStdString(out.studentHash))) continue;
    EXPECT_EQ(out.weakSize, "w4");
    EXPECT_EQ(out.strongSize, "w64");
    EXPECT_EQ(out.loss, "xent");
  }
  // No loss chosen: the heatmap opens on the loss that recovers the most (logconf here).
  EXPECT_TRUE(FigureCatalog::build("heatmap", data_, FigureOptions()).title.contains("logconf"));
}

TEST_F(FiguresTest, AgreementSplitsCanBeChosen) {
  FigureOptions o;
  o.facetAuto = false;  // one chart (every split in it, or the one chosen)
  o.split = AgreementSplit::SupervisorWrong;
  const ChartSpec wrong = FigureCatalog::build("agreement", data_, o);
  o.split = AgreementSplit::Every;
  const ChartSpec every = FigureCatalog::build("agreement", data_, o);
  auto lines = [](const ChartSpec& s) {
    return std::count_if(s.series.begin(), s.series.end(), [](const SeriesSpec& x) {
      return x.kind == SeriesKind::Line && x.inLegend;
    });
  };
  EXPECT_EQ(lines(every), 3 * lines(wrong));
  for (const auto& s : wrong.series) {
    for (const auto& p : s.points) {
      EXPECT_GE(p.y(), 0.0);
      EXPECT_LE(p.y(), 1.0);
    }
  }
}

}  // namespace
}  // namespace w2s
