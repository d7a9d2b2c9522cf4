#include <gtest/gtest.h>

#include "core/util/Error.h"
#include "ui/export/ExportOptions.h"

namespace w2s {
namespace {

TEST(ExportOptionsTest, PresetsSetPaperColumnWidths) {
  ExportOptions o;
  ASSERT_TRUE(o.applyPreset("icml-full"));
  EXPECT_DOUBLE_EQ(o.widthIn, 6.75);
  ASSERT_TRUE(o.applyPreset("neurips"));
  EXPECT_DOUBLE_EQ(o.widthIn, 5.5);
  ASSERT_TRUE(o.applyPreset("icml-column"));
  EXPECT_DOUBLE_EQ(o.widthIn, 3.25);
  EXPECT_FALSE(o.applyPreset("letter"));
  EXPECT_TRUE(ExportOptions::presetNames().contains("nature-column"));
}

TEST(ExportOptionsTest, HeightDefaultsToGoldenRatio) {
  ExportOptions o;
  o.widthIn = 3.25;
  EXPECT_NEAR(o.height(), 3.25 / 1.6180339887, 1e-9);
  o.heightIn = 2.0;
  EXPECT_DOUBLE_EQ(o.height(), 2.0);
}

TEST(ExportOptionsTest, ValidateNamesTheBadField) {
  ExportOptions o;
  o.fontPt = 100;
  try {
    o.validate();
    FAIL() << "expected SpecError";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("font size"), std::string::npos);
  }
}

}  // namespace
}  // namespace w2s
