#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <sstream>

#include "core/util/Error.h"
#include "tests/ui/FixtureStore.h"
#include "tests/ui/QtAppFixture.h"
#include "ui/charts/FigureCatalog.h"
#include "ui/cli/PlotCommand.h"

namespace w2s {
namespace {

class PlotCommandTest : public test::QtAppTest {
 protected:
  void SetUp() override {
    test::QtAppTest::SetUp();
    ASSERT_TRUE(dir_.isValid());
    info_ = test::writeFixtureStore(dir_.filePath("runs.db").toStdString());
  }
  int plot(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    return plotCommand(args, out_, err_);
  }
  QTemporaryDir dir_;
  test::FixtureStoreInfo info_;
  std::ostringstream out_, err_;
};

TEST_F(PlotCommandTest, WritesOneFigureAndItsCsv) {
  const std::string svg = dir_.filePath("pgr.svg").toStdString();
  ASSERT_EQ(
      plot({"pgr", "--db", info_.path, "--out", svg, "--preset", "icml-full", "--band", "std"}), 0);
  EXPECT_TRUE(QFile::exists(QString::fromStdString(svg)));
  EXPECT_TRUE(QFile::exists(dir_.filePath("pgr.csv")));
  QFile f(QString::fromStdString(svg));
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  EXPECT_TRUE(f.readAll().contains("171.45mm"));  // 6.75 in
  EXPECT_NE(out_.str().find("wrote"), std::string::npos);
}

TEST_F(PlotCommandTest, AllExportsEveryFigure) {
  const QString out = dir_.filePath("all");
  ASSERT_EQ(plot({"--all", "--db", info_.path, "--out", out.toStdString(), "--format", "pdf,png",
                  "--dpi", "100", "--sweep", "all"}),
            0);
  for (const auto& f : FigureCatalog::all()) {
    // The fixture sweep has no label_sources: that study's figure is skipped, and says so.
    const bool written = f.name != "error-structure";
    EXPECT_EQ(QFile::exists(QDir(out).filePath(f.name + ".pdf")), written) << f.name.toStdString();
    EXPECT_EQ(QFile::exists(QDir(out).filePath(f.name + ".png")), written) << f.name.toStdString();
    EXPECT_EQ(QFile::exists(QDir(out).filePath(f.name + ".csv")), written) << f.name.toStdString();
  }
  EXPECT_NE(err_.str().find("skipped error-structure"), std::string::npos) << err_.str();
}

TEST_F(PlotCommandTest, CompareTakesTheMethodsAndTheMetric) {
  const std::string pdf = dir_.filePath("cmp.pdf").toStdString();
  ASSERT_EQ(plot({"compare", "--db", info_.path, "--out", pdf, "--a", "xent", "--b", "logconf",
                  "--metric", "auroc"}),
            0)
      << err_.str();
  QFile csv(dir_.filePath("cmp.csv"));
  ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
  const QList<QByteArray> lines = csv.readAll().split('\n');
  ASSERT_GT(lines.size(), 2);
  EXPECT_TRUE(lines[0].startsWith("task,view,weak_size,strong_size,seed,method_a,method_b"));
  EXPECT_TRUE(lines[1].contains(",xent,logconf,auroc,")) << lines[1].toStdString();
  EXPECT_THROW(plot({"compare", "--db", info_.path, "--out", pdf, "--metric", "f1"}), SpecError);
}

TEST_F(PlotCommandTest, StudentsCanBeChosenByHashPrefix) {
  const std::string pdf = dir_.filePath("c.pdf").toStdString();
  ASSERT_EQ(plot({"curves", "--db", info_.path, "--out", pdf, "--students",
                  info_.students[0].substr(0, 12) + "," + info_.students[5].substr(0, 12), "--x",
                  "epoch"}),
            0);
  QFile csv(dir_.filePath("c.csv"));
  ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
  const QByteArray text = csv.readAll();
  EXPECT_TRUE(text.contains(QByteArray::fromStdString(info_.students[0])));
  EXPECT_TRUE(text.contains(QByteArray::fromStdString(info_.students[5])));
}

TEST_F(PlotCommandTest, BadInputGivesClearErrors) {
  const std::string pdf = dir_.filePath("x.pdf").toStdString();
  EXPECT_THROW(plot({"nope", "--db", info_.path, "--out", pdf}), SpecError);
  EXPECT_THROW(plot({"pgr", "--db", info_.path, "--out", dir_.filePath("x.gif").toStdString()}),
               SpecError);
  EXPECT_THROW(plot({"pgr", "--db", info_.path}), SpecError);
  EXPECT_THROW(plot({"pgr", "--db", info_.path, "--out", pdf, "--band", "iqr"}), SpecError);
  EXPECT_THROW(plot({"pgr", "--db", info_.path, "--out", pdf, "--preset", "letter"}), SpecError);
  EXPECT_THROW(plot({"pgr", "--db", dir_.filePath("missing.db").toStdString(), "--out", pdf}),
               StoreError);
  try {
    plot({"pgr", "--db", info_.path, "--out", pdf, "--panels", "colour"});
    ADD_FAILURE() << "--panels colour was accepted";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("--panels colour"), std::string::npos) << e.what();
  }
  EXPECT_EQ(plot({"--list"}), 0);
  EXPECT_NE(out_.str().find("heatmap"), std::string::npos);
}

TEST_F(PlotCommandTest, PanelsAreChosenOnTheCommandLine) {
  const QString csv = dir_.filePath("agreement.csv");
  const std::string svg = dir_.filePath("agreement.svg").toStdString();
  ASSERT_EQ(plot({"agreement", "--db", info_.path, "--out", svg, "--panels", "loss,split"}), 0);
  QFile f(csv);
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  const QByteArray table = f.readAll();
  EXPECT_TRUE(table.startsWith("panel,"));
  EXPECT_TRUE(table.contains("loss logconf · supervisor wrong"));
  // none: one chart, the table without a panel column.
  ASSERT_EQ(plot({"agreement", "--db", info_.path, "--out", svg, "--panels", "none"}), 0);
  QFile g(csv);
  ASSERT_TRUE(g.open(QIODevice::ReadOnly));
  EXPECT_FALSE(g.readAll().startsWith("panel,"));
}

}  // namespace
}  // namespace w2s
