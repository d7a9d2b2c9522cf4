#include <gtest/gtest.h>

#include "core/io/CsvReader.h"
#include "core/util/Error.h"
#include "tests/core/io/TempDir.h"

namespace w2s {
namespace {

using Rows = std::vector<std::vector<std::string>>;

class CsvReaderTest : public TempDirTest {
 protected:
  /// Every record of `text` with the line each starts on.
  std::pair<Rows, std::vector<int64_t>> readAll(const std::string& text) {
    CsvReader r(write("t.csv", text));
    Rows rows;
    std::vector<int64_t> lines;
    std::vector<std::string> f;
    while (r.next(f)) {
      rows.push_back(f);
      lines.push_back(r.line());
    }
    return {rows, lines};
  }
};

TEST_F(CsvReaderTest, PlainFieldsAndEmptyFields) {
  auto [rows, lines] = readAll("a,b,c\n1,,3\n,x,\n");
  EXPECT_EQ(rows, (Rows{{"a", "b", "c"}, {"1", "", "3"}, {"", "x", ""}}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 3}));
}

TEST_F(CsvReaderTest, QuotedFieldsWithEscapesDelimitersAndNewlines) {
  auto [rows, lines] =
      readAll("text,label\n\"say \"\"hi\"\", ok\",1\n\"two\nlines\r\nhere\",0\nlast,\"\"\n");
  EXPECT_EQ(
      rows,
      (Rows{
          {"text", "label"}, {"say \"hi\", ok", "1"}, {"two\nlines\r\nhere", "0"}, {"last", ""}}));
  // The record after the three-line field starts on line 6.
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 3, 6}));
}

TEST_F(CsvReaderTest, CrlfBomBlankLinesAndNoFinalNewline) {
  auto [rows, lines] = readAll("\xEF\xBB\xBFh1,h2\r\n\r\nx,y\r\n\n\nz,w");
  EXPECT_EQ(rows, (Rows{{"h1", "h2"}, {"x", "y"}, {"z", "w"}}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 3, 6}));
}

TEST_F(CsvReaderTest, StrayQuoteInsideUnquotedFieldIsKept) {
  auto [rows, lines] = readAll("a 5\" screen,1\n");
  EXPECT_EQ(rows, (Rows{{"a 5\" screen", "1"}}));
}

TEST_F(CsvReaderTest, OtherDelimiter) {
  CsvReader r(write("t.tsv", "a\tb,c\n"), '\t');
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"a", "b,c"}));
  EXPECT_FALSE(r.next(f));
}

TEST_F(CsvReaderTest, UnclosedQuoteNamesFileLineAndColumn) {
  const std::string p = write("bad.csv", "a,b\n1,2\n3,\"open\nnever closed\n");
  CsvReader r(p);
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  ASSERT_TRUE(r.next(f));
  const std::string msg = errorOf([&] { r.next(f); });
  EXPECT_NE(msg.find(p), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 3, column 3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not closed"), std::string::npos) << msg;
}

TEST_F(CsvReaderTest, TextAfterClosingQuoteIsAnError) {
  const std::string p = write("bad.csv", "x\n\"ab\"c,1\n");
  CsvReader r(p);
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  const std::string msg = errorOf([&] { r.next(f); });
  EXPECT_NE(msg.find("line 2, column 5"), std::string::npos) << msg;
}

TEST_F(CsvReaderTest, MissingFileIsADataError) {
  EXPECT_THROW(CsvReader(path("absent.csv")), DataError);
}

TEST_F(CsvReaderTest, NulByteIsAnErrorNamingLineAndColumn) {
  for (const std::string& text :
       {std::string("a,b\n1,x\0y\n", 10), std::string("a,b\n1,\"x\0\"\n", 11)}) {
    const std::string p = write("nul.csv", text);
    CsvReader r(p);
    std::vector<std::string> f;
    ASSERT_TRUE(r.next(f));
    const std::string msg = errorOf([&] { r.next(f); });
    EXPECT_EQ(msg.rfind(p + ": line 2, column ", 0), 0u) << msg;
    EXPECT_NE(msg.find("got a NUL byte"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace w2s
