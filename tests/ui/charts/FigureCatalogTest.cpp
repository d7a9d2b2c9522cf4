// The figure registry: one entry per figure, read by the panel, `w2s plot` and the docs.
#include <gtest/gtest.h>

#include <QSet>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "ui/charts/FigureCatalog.h"

namespace w2s {
namespace {

TEST(FigureCatalogTest, EveryFigureHasAUniqueNameNumberAndABuilder) {
  QSet<QString> names, numbers;
  for (const auto& f : FigureCatalog::all()) {
    EXPECT_FALSE(f.name.isEmpty());
    EXPECT_FALSE(f.title.isEmpty()) << f.name.toStdString();
    EXPECT_TRUE(static_cast<bool>(f.build)) << f.name.toStdString();
    EXPECT_FALSE(names.contains(f.name)) << f.name.toStdString();
    EXPECT_FALSE(numbers.contains(f.number)) << f.number.toStdString();
    names.insert(f.name);
    numbers.insert(f.number);
    EXPECT_EQ(FigureCatalog::find(f.name), &f);
  }
  EXPECT_EQ(FigureCatalog::find(QStringLiteral("nope")), nullptr);
  EXPECT_THROW(FigureCatalog::build(QStringLiteral("nope"), {}, {}), std::invalid_argument);
  // Only the figures over training read the curve controls (only curves its y axis); only
  // compare reads the method pair.
  for (const auto& f : FigureCatalog::all()) {
    EXPECT_EQ((f.controls & kCurveControls) != 0,
              f.name == QLatin1String("curves") || f.name == QLatin1String("pgr-curves"));
    EXPECT_EQ((f.controls & kCurveYAxis) != 0, f.name == QLatin1String("curves"));
    EXPECT_EQ((f.controls & kCompareRow) != 0, f.name == QLatin1String("compare"));
  }
}

TEST(FigureCatalogTest, TheFiguresDocListsEveryFigureWithItsNumber) {
  std::ifstream in(std::string(W2S_TEST_FIXTURE_DIR) + "/../../docs/figures.md");
  ASSERT_TRUE(in) << "docs/figures.md";
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& f : FigureCatalog::all()) {
    const std::string row = "| `" + f.name.toStdString() + "` | " + f.number.toStdString() + " |";
    EXPECT_NE(text.find(row), std::string::npos) << "docs/figures.md lacks the row " << row;
  }
}

}  // namespace
}  // namespace w2s
