// The results tab: the report's table from the figures' outcomes, sorting, filtering, copying,
// and a double click that asks for a row's students.
#include <gtest/gtest.h>

#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <set>

#include "tests/ui/FixtureDataTest.h"
#include "ui/panels/ResultsPanel.h"

namespace w2s {
namespace {

class ResultsPanelTest : public test::FixtureDataTest {
 protected:
  void SetUp() override {
    test::FixtureDataTest::SetUp();
    outcomes_ = data_.outcomes;
  }
  std::vector<StudentOutcome> outcomes_;
};

TEST_F(ResultsPanelTest, ShowsTheReportsRowsAndSortsPgrNumericallyWithUnstableLast) {
  ResultsPanel panel;
  panel.setOutcomes(outcomes_);
  const ReportTable& t = panel.table();
  ASSERT_EQ(panel.proxy()->rowCount(), static_cast<int>(t.rows.size()));
  ASSERT_EQ(panel.proxy()->columnCount(), static_cast<int>(t.header.size()));
  const int pgr = static_cast<int>(t.pgrColumn);
  for (Qt::SortOrder order : {Qt::DescendingOrder, Qt::AscendingOrder}) {
    panel.view()->sortByColumn(pgr, order);
    std::vector<double> values;
    bool flaggedSeen = false;
    for (int r = 0; r < panel.proxy()->rowCount(); ++r) {
      const QString text = panel.proxy()->index(r, pgr).data().toString();
      bool ok = false;
      const double v = text.section(QLatin1Char(' '), 0, 0).toDouble(&ok);
      if (!ok) {
        flaggedSeen = true;  // "unstable" or "-"
        continue;
      }
      EXPECT_FALSE(flaggedSeen) << "a number after an unstable cell: " << text.toStdString();
      values.push_back(v);
    }
    ASSERT_GE(values.size(), 2u);
    EXPECT_TRUE(flaggedSeen) << "the fixture's w4 -> w4 pair has no ratio";
    for (size_t i = 1; i < values.size(); ++i) {
      if (order == Qt::DescendingOrder) {
        EXPECT_GE(values[i - 1], values[i]);
      } else {
        EXPECT_LE(values[i - 1], values[i]);
      }
    }
  }
}

TEST_F(ResultsPanelTest, FiltersAndCopiesWhatIsShown) {
  ResultsPanel panel;
  panel.setOutcomes(outcomes_);
  const int all = panel.proxy()->rowCount();
  panel.findChild<QLineEdit*>()->setText(QStringLiteral("logconf"));
  const int logconf = panel.proxy()->rowCount();
  EXPECT_GT(logconf, 0);
  EXPECT_LT(logconf, all);
  const QStringList lines = panel.csv().trimmed().split(QLatin1Char('\n'));
  EXPECT_EQ(lines.size(), logconf + 1);
  EXPECT_TRUE(lines.front().startsWith("task,view,weak,strong,loss,gap"));
  for (qsizetype i = 1; i < lines.size(); ++i) EXPECT_TRUE(lines[i].contains("logconf"));
  const QString tex = panel.latex();
  EXPECT_TRUE(tex.startsWith("\\begin{tabular}{lllllllllllll}"));
  EXPECT_TRUE(tex.contains("$\\pm$"));
  EXPECT_EQ(tex.count(QStringLiteral("\\\\\n")), logconf + 1);
}

TEST_F(ResultsPanelTest, DoubleClickAsksForEverySeedOfTheRow) {
  ResultsPanel panel;
  panel.resize(1000, 600);
  panel.show();
  panel.setOutcomes(outcomes_);
  std::vector<std::vector<std::string>> chosen;
  QObject::connect(&panel, &ResultsPanel::studentsChosen,
                   [&chosen](const std::vector<std::string>& h) { chosen.push_back(h); });
  const std::vector<std::string> hashes = panel.studentsOfRow(0);
  ASSERT_EQ(hashes.size(), 2u) << "two seeds per cell in the fixture";
  std::set<std::string> expected;
  const QString weak = panel.proxy()->index(0, 2).data().toString();
  const QString strong = panel.proxy()->index(0, 3).data().toString();
  const QString loss = panel.proxy()->index(0, 4).data().toString();
  for (const auto& o : outcomes_) {
    if (QString::fromStdString(o.weakSize) == weak &&
        QString::fromStdString(o.strongSize) == strong && QString::fromStdString(o.loss) == loss) {
      expected.insert(o.studentHash);
    }
  }
  EXPECT_EQ(std::set<std::string>(hashes.begin(), hashes.end()), expected);
  QTableView* view = panel.view();
  const QRect cell = view->visualRect(panel.proxy()->index(0, 1));
  // A press first: the view only reports a double click on the index the press landed on.
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
  QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cell.center());
  ASSERT_EQ(chosen.size(), 1u);
  EXPECT_EQ(chosen.front(), hashes);
}

}  // namespace
}  // namespace w2s
