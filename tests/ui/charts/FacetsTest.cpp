// Small multiples (ui/charts/Facets): the panels of a figure, the automatic choice, shared axes,
// the shared legend and table, and the text form of the choice.
#include <gtest/gtest.h>

#include "tests/ui/FixtureDataTest.h"
#include "ui/charts/Facets.h"

namespace w2s {
namespace {

class FacetsTest : public test::FixtureDataTest {
 protected:
  static const FigureInfo& figure(const char* name) { return *FigureCatalog::find(name); }
  static FigureOptions panels(FacetBy rows, FacetBy cols) {
    FigureOptions o;
    o.facetAuto = false;
    o.facetRows = rows;
    o.facetCols = cols;
    return o;
  }
};

TEST_F(FacetsTest, ChoiceTextRoundTripsAndRejectsWhatItCannotRead) {
  for (const char* text : {"auto", "none", "view", "split", "view,split", "loss,task"}) {
    FigureOptions o;
    ASSERT_TRUE(facetChoiceFromString(QString::fromLatin1(text), &o)) << text;
    EXPECT_EQ(facetChoiceName(o), QString::fromLatin1(text));
  }
  FigureOptions o;
  for (const char* bad : {"", "colour", "view,view", "none,loss", "view,loss,task"}) {
    EXPECT_FALSE(facetChoiceFromString(QString::fromLatin1(bad), &o)) << bad;
  }
  EXPECT_TRUE(o.facetAuto) << "a rejected choice changed the options";
}

TEST_F(FacetsTest, EachPanelIsTheFigureFilteredToItsCut) {
  const ChartSpec spec =
      Facets::build(figure("agreement"), data_, panels(FacetBy::None, FacetBy::Split));
  ASSERT_EQ(spec.panels.size(), 3u);
  EXPECT_EQ(spec.panelColumns, 3);
  const char* titles[] = {"all examples", "supervisor right", "supervisor wrong"};
  const AgreementSplit splits[] = {AgreementSplit::All, AgreementSplit::SupervisorRight,
                                   AgreementSplit::SupervisorWrong};
  for (size_t i = 0; i < 3; ++i) {
    const ChartSpec& p = spec.panels[i];
    EXPECT_EQ(p.title, QString::fromLatin1(titles[i]));
    FigureOptions alone = panels(FacetBy::None, FacetBy::None);
    alone.split = splits[i];
    const ChartSpec filtered = figure("agreement").build(data_, alone);
    ASSERT_EQ(p.series.size(), filtered.series.size()) << titles[i];
    for (size_t k = 0; k < p.series.size(); ++k) {
      EXPECT_EQ(p.series[k].name, filtered.series[k].name);
      EXPECT_EQ(p.series[k].points, filtered.series[k].points);
    }
  }
  // Shared axes: one range for every panel, holding each panel's own fitted range.
  for (const ChartSpec& p : spec.panels) {
    ASSERT_TRUE(p.yRange && p.xRange);
    EXPECT_EQ(*p.yRange, *spec.panels.front().yRange);
    EXPECT_EQ(*p.xRange, *spec.panels.front().xRange);
  }
  EXPECT_TRUE(spec.notes.join(" ").contains("panels by split"));
  // The table: every panel's rows with the panel first.
  ASSERT_FALSE(spec.csv.header.isEmpty());
  EXPECT_EQ(spec.csv.header.front(), "panel");
  size_t rows = 0;
  for (const ChartSpec& p : spec.panels) rows += p.csv.rows.size();
  EXPECT_EQ(spec.csv.rows.size(), rows);
  EXPECT_EQ(spec.csv.rows.front().front(), "all examples");
}

TEST_F(FacetsTest, TwoDimensionsMakeAGridOfRowsAndColumns) {
  const ChartSpec spec =
      Facets::build(figure("agreement"), data_, panels(FacetBy::Loss, FacetBy::Split));
  ASSERT_EQ(spec.panels.size(), 6u);
  EXPECT_EQ(spec.panelColumns, 3);
  EXPECT_EQ(spec.panels[0].title, "loss xent · all examples");
  EXPECT_EQ(spec.panels[5].title, "loss logconf · supervisor wrong");
  // Each panel: one line per weak size; the legend is shared.
  for (const ChartSpec& p : spec.panels) EXPECT_EQ(Facets::legendEntries(p), 2);
  EXPECT_EQ(Facets::sharedLegend(spec).size(), 2u);
}

TEST_F(FacetsTest, AutoSplitsOnlyALegendTooLongToRead) {
  FigureOptions single = panels(FacetBy::None, FacetBy::None);
  // Agreement, every split in one chart: 2 weak x 2 losses x 3 splits = 12 lines.
  ASSERT_GT(Facets::legendEntries(figure("agreement").build(data_, single)),
            Facets::kMaxLegendEntries);
  const auto [rows, cols] = Facets::choose(figure("agreement"), data_, FigureOptions());
  // By loss: 2 panels of 6 lines (by split would need 3 panels of 4).
  EXPECT_EQ(rows, FacetBy::None);
  EXPECT_EQ(cols, FacetBy::Loss) << "the fewest panels whose legends fit";
  const ChartSpec spec = Facets::build(figure("agreement"), data_, FigureOptions());
  ASSERT_EQ(spec.panels.size(), 2u);
  for (const ChartSpec& p : spec.panels) {
    EXPECT_LE(Facets::legendEntries(p), Facets::kMaxLegendEntries);
  }
  // PGR: 4 lines fit one chart; curves cannot be split at all.
  EXPECT_FALSE(Facets::build(figure("pgr"), data_, FigureOptions()).faceted());
  EXPECT_TRUE(Facets::dimensions(figure("curves")).empty());
  EXPECT_FALSE(
      Facets::build(figure("curves"), data_, panels(FacetBy::None, FacetBy::Loss)).faceted());
}

TEST_F(FacetsTest, ADimensionWithOneValueOrAFilterLeavesOneChart) {
  // One view in the fixture: nothing to split by.
  EXPECT_EQ(Facets::values(FacetBy::View, data_, FigureOptions()).size(), 1);
  EXPECT_FALSE(Facets::build(figure("pgr"), data_, panels(FacetBy::None, FacetBy::View)).faceted());
  // A loss filter leaves one loss value.
  FigureOptions o = panels(FacetBy::None, FacetBy::Loss);
  o.loss = "xent";
  EXPECT_EQ(Facets::values(FacetBy::Loss, data_, o), QStringList{"xent"});
  EXPECT_FALSE(Facets::build(figure("pgr"), data_, o).faceted());
  // The split filter leaves one split.
  FigureOptions s = panels(FacetBy::None, FacetBy::Split);
  s.split = AgreementSplit::SupervisorRight;
  EXPECT_EQ(Facets::values(FacetBy::Split, data_, s), QStringList{"supervisor right"});
}

TEST_F(FacetsTest, EveryFigureOpensWithALegendThatFitsItsPanels) {
  for (const auto& f : FigureCatalog::all()) {
    const ChartSpec spec = FigureCatalog::build(f.name, data_, FigureOptions());
    if (spec.isEmpty()) continue;  // error-structure: no synthetic supervisors in the fixture
    if (spec.faceted()) {
      for (const ChartSpec& p : spec.panels) {
        EXPECT_LE(Facets::legendEntries(p), Facets::kMaxLegendEntries) << f.name.toStdString();
      }
    } else {
      EXPECT_LE(Facets::legendEntries(spec), Facets::kMaxLegendEntries) << f.name.toStdString();
    }
  }
}

}  // namespace
}  // namespace w2s
