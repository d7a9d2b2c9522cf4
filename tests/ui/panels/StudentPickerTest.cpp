// Figure 1's student picker: the tree's levels, checking a node, search, "all seeds".
#include <gtest/gtest.h>

#include <QTreeWidget>

#include "tests/ui/FixtureDataTest.h"
#include "ui/panels/StudentPicker.h"

namespace w2s {
namespace {

class StudentPickerTest : public test::FixtureDataTest {
 protected:
  // The tree item with text `text` under `parent` (top level when null).
  QTreeWidgetItem* child(StudentPicker& p, QTreeWidgetItem* parent, const QString& text) {
    const int n = parent ? parent->childCount() : p.tree()->topLevelItemCount();
    for (int i = 0; i < n; ++i) {
      QTreeWidgetItem* c = parent ? parent->child(i) : p.tree()->topLevelItem(i);
      if (c->text(0) == text) return c;
    }
    return nullptr;
  }
};

TEST_F(StudentPickerTest, LevelsWhereStudentsDifferFormTheTree) {
  StudentPicker p;
  p.setStudents(data_.students, data_.curveStudents);
  // One task and one view in the fixture: those levels are left out.
  EXPECT_EQ(p.levels(), (QStringList{"weak", "strong", "loss", "seed"}));
  EXPECT_EQ(p.tree()->topLevelItemCount(), 2);  // w4, w16
  EXPECT_EQ(p.visibleStudents(), static_cast<int>(data_.students.size()));
  EXPECT_EQ(p.checked(), data_.curveStudents);
}

TEST_F(StudentPickerTest, CheckingANodeChecksEveryStudentUnderIt) {
  StudentPicker p;
  p.setStudents(data_.students, {});
  int changes = 0;
  QObject::connect(&p, &StudentPicker::checkedChanged, [&changes] { ++changes; });
  QTreeWidgetItem* w16 = child(p, nullptr, "w16");
  ASSERT_NE(w16, nullptr);
  QTreeWidgetItem* cell = child(p, child(p, w16, "→ w64"), "logconf");
  ASSERT_NE(cell, nullptr);
  cell->setCheckState(0, Qt::Checked);
  EXPECT_GT(changes, 0);
  std::vector<std::string> expected;
  for (const auto& s : data_.students) {
    if (s.weakSize == "w16" && s.strongSize == "w64" && s.loss == "logconf") {
      expected.push_back(s.hash);
    }
  }
  EXPECT_EQ(expected.size(), 2u);  // two seeds
  EXPECT_EQ(p.checked(), expected);
  EXPECT_EQ(child(p, w16, "→ w64")->checkState(0), Qt::PartiallyChecked);
  // "All seeds" from one seed of another cell checks its siblings too.
  p.setChecked({});
  EXPECT_TRUE(p.checked().empty());
  QTreeWidgetItem* seed = child(p, child(p, child(p, w16, "→ w16"), "xent"), "seed 1");
  ASSERT_NE(seed, nullptr);
  p.tree()->setCurrentItem(seed);
  p.checkAllSeedsOfCurrent();
  EXPECT_EQ(p.checked().size(), 2u);
}

TEST_F(StudentPickerTest, SearchShowsStudentsMatchingEveryWord) {
  StudentPicker p;
  p.setStudents(data_.students, {});
  p.setFilterText(QStringLiteral("w16 LOGCONF"));
  int expected = 0;
  for (const auto& s : data_.students) {
    const QString label = QString::fromStdString(s.label());
    expected += label.contains("w16") && label.contains("logconf", Qt::CaseInsensitive);
  }
  ASSERT_GT(expected, 0);
  EXPECT_EQ(p.visibleStudents(), expected);
  p.setFilterText(QStringLiteral("no such student"));
  EXPECT_EQ(p.visibleStudents(), 0);
  p.setFilterText(QString());
  EXPECT_EQ(p.visibleStudents(), static_cast<int>(data_.students.size()));
}

}  // namespace
}  // namespace w2s
