#include <gtest/gtest.h>

#include <sstream>

#include "core/cli/TextTable.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

TEST(TextTableTest, ColumnsAreAsWideAsTheirWidestCellCountingUtf8Characters) {
  TextTable t({"view", "loss", "PGR"});
  t.addRow({"noisy", "entropy+bootstrap(2)", "0.76 ± 0.49"});
  t.addLine("task synthetic");
  t.addRow({"class_confusion", "xent", "unstable"});
  std::ostringstream out;
  t.write(out);
  EXPECT_EQ(out.str(),
            "view            loss                 PGR\n"
            "noisy           entropy+bootstrap(2) 0.76 ± 0.49\n"
            "task synthetic\n"
            "class_confusion xent                 unstable\n");
  EXPECT_EQ(t.width(), 15 + 1 + 20 + 1 + 11);
  EXPECT_EQ(textColumns("0.76 ± 0.49"), 11u);
}

TEST(TextTableTest, ShortRowsArePaddedAndLongRowsRefused) {
  TextTable t({"a", "b", "c"});
  t.addRow({"1"});
  std::ostringstream out;
  t.write(out);
  EXPECT_EQ(out.str(), "a b c\n1\n");
  EXPECT_THROW(t.addRow({"1", "2", "3", "4"}), Error);
}

TEST(TextTableTest, WrapTextBreaksAtSpacesWithinTheWidth) {
  EXPECT_EQ(wrapText("early stopping (means over seeds): final", 20),
            "early stopping\n(means over seeds):\nfinal\n");
  EXPECT_EQ(wrapText("averyveryverylongword x", 5), "averyveryverylongword\nx\n");
  EXPECT_EQ(wrapText("", 10), "");
}

}  // namespace
}  // namespace w2s
