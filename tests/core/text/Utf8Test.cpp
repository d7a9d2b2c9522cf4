#include <gtest/gtest.h>

#include "core/text/Utf8.h"

namespace w2s {
namespace {

TEST(Utf8Test, ValidTextIsUnchanged) {
  for (const std::string s : {"", "plain ascii", "café — 日本語 🙂", "\x7f"}) {
    EXPECT_TRUE(isValidUtf8(s)) << s;
    EXPECT_EQ(repairUtf8(s), s);
  }
}

TEST(Utf8Test, InvalidBytesAreReadAsWindows1252) {
  EXPECT_FALSE(
      isValidUtf8("price \xa3"
                  "5"));
  EXPECT_EQ(repairUtf8("price \xa3"
                       "5"),
            "price £5");
  EXPECT_EQ(repairUtf8("it\x92s"), "it’s");
  EXPECT_EQ(repairUtf8("\x80"), "€");
  // Overlong encodings, surrogates and truncated sequences are not valid UTF-8 either.
  EXPECT_FALSE(isValidUtf8("\xc0\xaf"));
  EXPECT_FALSE(isValidUtf8("\xed\xa0\x80"));
  EXPECT_FALSE(isValidUtf8("ok \xe6\x97"));
  EXPECT_EQ(repairUtf8("\xc0\xaf"), "À¯");
  // A valid character next to invalid bytes survives.
  EXPECT_EQ(repairUtf8("\xe9t\xc3\xa9"), "été");
  for (const std::string s : {"\xc0\xaf", "\xed\xa0\x80", "ok \xe6\x97", "\xff\xfe"}) {
    EXPECT_TRUE(isValidUtf8(repairUtf8(s))) << s;
  }
}

TEST(Utf8Test, PrintableTextEscapesTerminalControls) {
  EXPECT_EQ(printableText("plain café 🙂"), "plain café 🙂");
  EXPECT_EQ(printableText("red\x1b[31m!\r\n\t"), "red\\x1b[31m!\\x0d\\x0a\\x09");
  EXPECT_EQ(printableText("a\nb", /*keepNewlines=*/true), "a\nb");
  EXPECT_EQ(printableText("bad\xff"), "bad\\xff");
  EXPECT_EQ(printableText("\xc2\x9b"
                          "2J"),
            "\\u009b2J");                                   // C1 CSI
  EXPECT_EQ(printableText("x\xe2\x80\xaey"), "x\\u202ey");  // right-to-left override
  EXPECT_EQ(printableText(std::string("nul\0", 4)), "nul\\x00");
}

}  // namespace
}  // namespace w2s
