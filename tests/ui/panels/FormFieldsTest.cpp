#include <gtest/gtest.h>

#include <QComboBox>
#include <QSpinBox>

#include "tests/ui/QtAppFixture.h"
#include "ui/panels/FormFields.h"

namespace w2s {
namespace {

using json = nlohmann::json;

TEST(FormFieldsTest, ListsAndNumbersKeepWhatDoesNotParseAsText) {
  EXPECT_EQ(json(numberList(QStringLiteral("0, 1  x,2"))), json({0, 1, "x", 2}));
  EXPECT_EQ(json(nameList(QStringLiteral(" w8,w32  w128 "))), json({"w8", "w32", "w128"}));
  EXPECT_EQ(json(numberText(QStringLiteral(" 3e-4 "))), json(3e-4));
  EXPECT_EQ(json(numberText(QStringLiteral("fast"))), json("fast"));
  EXPECT_EQ(listText(json({0, 1, "x"})), QStringLiteral("0, 1, x"));
  EXPECT_EQ(listText(json("not a list")), QString());
}

TEST(FormFieldsTest, ValFallsBackOnMissingOrMistypedFields) {
  const json j = {{"epochs", 3}, {"lr", "fast"}};
  EXPECT_EQ(val(j, "epochs", 1), 3);
  EXPECT_EQ(val(j, "missing", 7), 7);
  EXPECT_EQ(val(j, "lr", 0.5), 0.5);
  EXPECT_EQ(val(json::array(), "epochs", 2), 2);
}

class FormFieldsWidgetTest : public test::QtAppTest {};

TEST_F(FormFieldsWidgetTest, SetComboAddsOnlyToEditableBoxes) {
  QComboBox fixed;
  fixed.addItems({QStringLiteral("cosine"), QStringLiteral("constant")});
  setCombo(&fixed, QStringLiteral("constant"));
  EXPECT_EQ(fixed.currentIndex(), 1);
  setCombo(&fixed, QStringLiteral("linear"));
  EXPECT_EQ(fixed.currentIndex(), 0);
  EXPECT_EQ(fixed.count(), 2);
  QComboBox editable;
  editable.setEditable(true);
  editable.addItem(QStringLiteral("auto"));
  setCombo(&editable, QStringLiteral("cuda:1"));
  EXPECT_EQ(editable.currentText(), QStringLiteral("cuda:1"));
  QSpinBox* s = spin(1, 10, 4, nullptr);
  EXPECT_EQ(s->value(), 4);
  EXPECT_EQ(s->maximum(), 10);
  delete s;
}

}  // namespace
}  // namespace w2s
