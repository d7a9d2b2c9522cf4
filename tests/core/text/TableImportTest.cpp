#include <gtest/gtest.h>

#include "core/text/TableImport.h"
#include "core/util/Error.h"
#include "tests/core/io/TempDir.h"

namespace w2s {
namespace {

class TableImportTest : public TempDirTest {};

TEST_F(TableImportTest, CsvTextTaskWithStringLabels) {
  const std::string p = write("t.csv",
                              "id,message,kind\n1,\"Hello, friend\",ham\n2,\"WIN\nNOW\",spam\n"
                              "3,see you,ham\n");
  ImportSpec spec;
  spec.textColumn = "message";
  spec.labelColumn = "kind";
  const ImportedTable t = importCsv(p, spec);
  ASSERT_TRUE(t.isText());
  ASSERT_EQ(t.rows(), 3);
  EXPECT_EQ(t.classNames, (std::vector<std::string>{"ham", "spam"}));
  EXPECT_EQ(t.labels, (std::vector<int>{0, 1, 0}));
  EXPECT_EQ(t.texts[1].text, "WIN\nNOW");
  EXPECT_EQ(t.texts[1].label, 1);
  EXPECT_EQ(t.texts[2].id, 2);
}

TEST_F(TableImportTest, CsvNumericTaskWithChosenOrAllColumns) {
  const std::string p = write("n.csv", "a,b,label,c\n1.5,-2,2,1e3\n0, 3 ,0,4\n7,8,1,9\n");
  ImportSpec spec;
  spec.featureColumns = {"c", "a"};
  ImportedTable t = importCsv(p, spec);
  EXPECT_EQ(t.featureNames, (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(t.features, (std::vector<float>{1000.f, 1.5f, 4.f, 0.f, 9.f, 7.f}));
  // Integer labels 0..K-1 keep their value as class id.
  EXPECT_EQ(t.labels, (std::vector<int>{2, 0, 1}));
  EXPECT_EQ(t.classNames, (std::vector<std::string>{"0", "1", "2"}));
  t = importCsv(p, ImportSpec{});
  EXPECT_EQ(t.featureNames, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(t.numFeatures(), 3);
  EXPECT_EQ(t.features[4], 3.f);
}

TEST_F(TableImportTest, CsvErrorsNameFileLineAndColumn) {
  ImportSpec spec;
  const std::string bad = write("bad.csv", "a,b,label\n1,2,0\n\"x\ny\",oops,1\n");
  std::string msg = errorOf([&] { importCsv(bad, spec); });
  EXPECT_NE(msg.find(bad + ": line 3, column 'a'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("expected a finite number, got 'x\ny'"), std::string::npos) << msg;

  const std::string bad2 = write("bad2.csv", "a,b,label\n1,2,0\n3,4,1\n5,inf,1\n");
  msg = errorOf([&] { importCsv(bad2, spec); });
  EXPECT_NE(msg.find("line 4, column 'b'"), std::string::npos) << msg;

  const std::string short_ = write("short.csv", "a,b,label\n1,2,0\n3,1\n");
  msg = errorOf([&] { importCsv(short_, spec); });
  EXPECT_NE(msg.find("line 3: expected 3 fields"), std::string::npos) << msg;

  const std::string noLabel = write("nolabel.csv", "a,b,label\n1,2,\n");
  msg = errorOf([&] { importCsv(noLabel, spec); });
  EXPECT_NE(msg.find("line 2, column 'label': empty label"), std::string::npos) << msg;

  spec.labelColumn = "y";
  msg = errorOf([&] { importCsv(noLabel, spec); });
  EXPECT_NE(msg.find("no column 'y'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("columns: a, b, label"), std::string::npos) << msg;

  EXPECT_THROW(importCsv(write("empty.csv", "a,label\n"), ImportSpec{}), DataError);
}

TEST_F(TableImportTest, JsonlTextAndNumericTasks) {
  const std::string text = write("t.jsonl",
                                 "{\"text\": \"good\", \"label\": true}\n\n"
                                 "{\"text\": \"bad\", \"label\": false, \"extra\": 1}\n");
  ImportSpec spec;
  spec.textColumn = "text";
  ImportedTable t = importJsonl(text, spec);
  ASSERT_EQ(t.rows(), 2);
  EXPECT_EQ(t.classNames, (std::vector<std::string>{"false", "true"}));
  EXPECT_EQ(t.labels, (std::vector<int>{1, 0}));
  EXPECT_EQ(t.texts[1].text, "bad");

  const std::string num = write("n.jsonl",
                                "{\"x\": [1, 2.5], \"z\": 3, \"label\": 1}\n"
                                "{\"label\": 0, \"z\": -1, \"x\": [4, 5]}\n");
  t = importJsonl(num, ImportSpec{});
  EXPECT_EQ(t.featureNames, (std::vector<std::string>{"x[0]", "x[1]", "z"}));
  EXPECT_EQ(t.features, (std::vector<float>{1.f, 2.5f, 3.f, 4.f, 5.f, -1.f}));
  EXPECT_EQ(t.labels, (std::vector<int>{1, 0}));
}

TEST_F(TableImportTest, JsonlErrorsNameFileLineAndField) {
  ImportSpec spec;
  spec.textColumn = "text";
  const std::string cut =
      write("cut.jsonl", "{\"text\": \"a\", \"label\": 0}\n{\"text\": \"b\", \"lab");
  std::string msg = errorOf([&] { importJsonl(cut, spec); });
  EXPECT_NE(msg.find(cut + ": line 2: not valid JSON"), std::string::npos) << msg;

  const std::string missing =
      write("m.jsonl", "{\"text\": \"a\", \"label\": 0}\n{\"text\": \"b\"}\n");
  msg = errorOf([&] { importJsonl(missing, spec); });
  EXPECT_NE(msg.find("line 2: no field 'label'"), std::string::npos) << msg;

  const std::string ragged =
      write("r.jsonl", "{\"x\": [1, 2], \"label\": 0}\n{\"x\": [1], \"label\": 1}\n");
  msg = errorOf([&] { importJsonl(ragged, ImportSpec{}); });
  EXPECT_NE(msg.find("line 2: 1 feature values, the first row had 2"), std::string::npos) << msg;

  const std::string notNum = write("s.jsonl", "{\"x\": [1, \"two\"], \"label\": 0}\n");
  msg = errorOf([&] { importJsonl(notNum, ImportSpec{}); });
  EXPECT_NE(msg.find("line 1, field 'x'[1]"), std::string::npos) << msg;
}

TEST_F(TableImportTest, HugeClassIdIsAnErrorNotAnAllocation) {
  // One row labelled 99999999 used to create 10^8 classes.
  const std::string csv = write("huge.csv", "x,label\n1.0,99999999\n");
  std::string msg = errorOf([&] { importCsv(csv, ImportSpec{}); });
  EXPECT_EQ(msg, csv +
                     ": line 2, column 'label': expected a class id between 0 and 1 (no more "
                     "classes than data rows: 1), got 99999999");
  const std::string jsonl =
      write("huge.jsonl", "{\"x\": 1, \"label\": 5}\n{\"x\": 2, \"label\": 0}\n");
  msg = errorOf([&] { importJsonl(jsonl, ImportSpec{}); });
  EXPECT_NE(msg.find(jsonl + ": line 1, field 'label': expected a class id between 0 and 1"),
            std::string::npos)
      << msg;
  // Ids below the number of rows still keep their meaning, missing classes included.
  const std::string ok = write("ok.csv", "x,label\n1,0\n2,2\n3,2\n");
  const ImportedTable t = importCsv(ok, ImportSpec{});
  EXPECT_EQ(t.classNames, (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(t.labels, (std::vector<int>{0, 2, 2}));
}

TEST_F(TableImportTest, DeeplyNestedJsonlLineIsAnError) {
  const std::string p =
      write("deep.jsonl", "{\"label\": 0, \"x\": " + std::string(300000, '[') + "}\n");
  const std::string msg = errorOf([&] { importJsonl(p, ImportSpec{}); });
  EXPECT_EQ(msg.rfind(p + ": line 1: expected JSON nested at most 256 levels deep", 0), 0u)
      << msg.substr(0, 200);
}

}  // namespace
}  // namespace w2s
