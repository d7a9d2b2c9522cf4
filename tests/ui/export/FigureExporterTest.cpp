// Every figure exported from the fixture store as PDF, SVG and PNG (+ CSV), checked on disk.
#include <gtest/gtest.h>

#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <cmath>

#include "core/store/RunStore.h"
#include "core/util/Error.h"
#include "tests/ui/FixtureStore.h"
#include "tests/ui/QtAppFixture.h"
#include "ui/charts/FigureCatalog.h"
#include "ui/export/FigureExporter.h"

namespace w2s {
namespace {

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Every <text> element's content, concatenated per element.
QStringList svgTexts(const QByteArray& svg, QString* error) {
  QStringList texts;
  QXmlStreamReader xml(svg);
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement() && xml.name() == QLatin1String("text")) {
      texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).simplified();
    }
  }
  if (xml.hasError()) *error = xml.errorString();
  return texts;
}

class FigureExporterTest : public test::QtAppTest {
 protected:
  void SetUp() override {
    test::QtAppTest::SetUp();
    ASSERT_TRUE(dir_.isValid());
    info_ = test::writeFixtureStore(dir_.filePath("runs.db").toStdString());
    RunStore store(info_.path);
    data_ = FigureData::load(store, info_.sweepId);
  }
  QTemporaryDir dir_;
  test::FixtureStoreInfo info_;
  FigureData data_;
};

TEST_F(FigureExporterTest, EveryFigureExportsCheckedPdfSvgPngAndCsv) {
  ExportOptions o;
  o.widthIn = 3.25;
  o.dpi = 150;  // keeps the test fast; sizes are checked against it
  FigureOptions single;  // one chart each; panels: FacetedFigureTakesTheHeightItsPanelsNeed
  single.facetAuto = false;
  for (const auto& f : FigureCatalog::all()) {
    SCOPED_TRACE(f.name.toStdString());
    const ChartSpec spec = FigureCatalog::build(f.name, data_, single);
    // error-structure needs synthetic supervisors, which the fixture lacks: nothing to export.
    if (spec.isEmpty() && f.name == "error-structure") continue;
    const QString base = dir_.filePath(f.name);

    FigureExporter::exportFigure(spec, base + ".pdf", o);
    const QByteArray pdf = readAll(base + ".pdf");
    ASSERT_TRUE(pdf.startsWith("%PDF"));
    const QRegularExpression box(
        QStringLiteral("/MediaBox\\s*\\[\\s*([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)"));
    const auto m = box.match(QString::fromLatin1(pdf));
    ASSERT_TRUE(m.hasMatch());
    EXPECT_NEAR(m.captured(3).toDouble() - m.captured(1).toDouble(), o.widthIn * 72, 1.0);
    EXPECT_NEAR(m.captured(4).toDouble() - m.captured(2).toDouble(), o.height() * 72, 1.0);
    EXPECT_TRUE(pdf.contains("/FontFile2") || pdf.contains("/FontFile3") ||
                pdf.contains("/FontFile"))
        << "fonts are not embedded";

    FigureExporter::exportFigure(spec, base + ".svg", o);
    QString xmlError;
    const QStringList texts = svgTexts(readAll(base + ".svg"), &xmlError);
    EXPECT_TRUE(xmlError.isEmpty()) << xmlError.toStdString();
    const QString all = texts.join(QLatin1Char('|'));
    EXPECT_TRUE(all.contains(spec.xTitle))
        << "x title missing from SVG text: " << all.toStdString();
    EXPECT_TRUE(all.contains(spec.yTitle))
        << "y title missing from SVG text: " << all.toStdString();
    EXPECT_TRUE(readAll(base + ".svg").contains("DejaVu Sans"));

    FigureExporter::exportFigure(spec, base + ".png", o);
    QImage png(base + ".png");
    ASSERT_FALSE(png.isNull());
    EXPECT_EQ(png.width(), std::lround(o.widthIn * o.dpi));
    EXPECT_EQ(png.height(), std::lround(o.height() * o.dpi));
    EXPECT_NEAR(png.dotsPerMeterX() * 0.0254, o.dpi, 1.0);
    int ink = 0;
    for (int y = 0; y < png.height(); y += 2) {
      for (int x = 0; x < png.width(); x += 2) ink += png.pixelColor(x, y) != QColor(Qt::white);
    }
    EXPECT_GT(ink, 500);

    const QByteArray csv = readAll(base + ".csv");
    ASSERT_FALSE(csv.isEmpty());
    EXPECT_TRUE(csv.startsWith(spec.csv.header.join(QLatin1Char(',')).toUtf8()));
    EXPECT_EQ(csv.count('\n'), static_cast<qsizetype>(spec.csv.rows.size() + 1));
  }
}

TEST_F(FigureExporterTest, CustomSizeIsExactAndNotSnappedToAStandardPage) {
  ExportOptions o;
  o.widthIn = 8.27;  // A4 width: a fuzzy page-size match would snap the height to A4's
  o.heightIn = 3.0;
  o.writeCsv = false;
  const QString path = dir_.filePath("wide.pdf");
  FigureExporter::exportFigure(FigureCatalog::build("pgr", data_, {}), path, o);
  const QString pdf = QString::fromLatin1(readAll(path));
  const auto m =
      QRegularExpression(QStringLiteral("/MediaBox\\s*\\[\\s*0\\s+0\\s+([\\d.]+)\\s+([\\d.]+)"))
          .match(pdf);
  ASSERT_TRUE(m.hasMatch());
  EXPECT_NEAR(m.captured(1).toDouble(), 8.27 * 72, 1.0);
  EXPECT_NEAR(m.captured(2).toDouble(), 3.0 * 72, 1.0);
  EXPECT_FALSE(QFile::exists(dir_.filePath("wide.csv")));
}

TEST_F(FigureExporterTest, FacetedFigureTakesTheHeightItsPanelsNeed) {
  FigureOptions o;
  o.facetAuto = false;
  o.facetRows = FacetBy::Loss;
  o.facetCols = FacetBy::Split;  // 2 x 3 panels
  const ChartSpec spec = FigureCatalog::build("agreement", data_, o);
  ASSERT_EQ(spec.panels.size(), 6u);
  ExportOptions e;
  e.widthIn = 6.75;
  e.writeCsv = true;
  const QString base = dir_.filePath("panels");
  FigureExporter::exportFigure(spec, base + ".pdf", e);
  const auto m =
      QRegularExpression(QStringLiteral("/MediaBox\\s*\\[\\s*0\\s+0\\s+([\\d.]+)\\s+([\\d.]+)"))
          .match(QString::fromLatin1(readAll(base + ".pdf")));
  ASSERT_TRUE(m.hasMatch());
  EXPECT_NEAR(m.captured(1).toDouble(), 6.75 * 72, 1.0);
  // Two rows of panels 2.25 in wide and 3/4 as high, plus the legend: taller than one chart.
  const double height = m.captured(2).toDouble() / 72;
  EXPECT_GT(height, 2 * 2.25 * 0.75);
  EXPECT_LT(height, 2 * 2.25 * 0.75 + 1.5);

  FigureExporter::exportFigure(spec, base + ".svg", e);
  QString xmlError;
  const QString texts = svgTexts(readAll(base + ".svg"), &xmlError).join(QLatin1Char('|'));
  EXPECT_TRUE(xmlError.isEmpty()) << xmlError.toStdString();
  for (const ChartSpec& p : spec.panels) {
    EXPECT_TRUE(texts.contains(p.title)) << "panel title missing: " << p.title.toStdString();
  }
  // One legend for the grid: each entry once, not once per panel.
  EXPECT_EQ(texts.count(QStringLiteral("w16")), 1) << texts.toStdString();

  // The table: every panel's rows, each led by its panel.
  const QByteArray csv = readAll(base + ".csv");
  EXPECT_TRUE(csv.startsWith("panel,"));
  size_t rows = 0;
  for (const ChartSpec& p : spec.panels) rows += p.csv.rows.size();
  EXPECT_EQ(static_cast<size_t>(csv.count('\n')), rows + 1);
}

TEST_F(FigureExporterTest, AClippedBandIsSaidInTheExportedPlot) {
  // Exports carry no notes: the plot itself says when a band reaches past the axis.
  auto spec = [](double bandHalfWidth) {
    ChartSpec s;
    s.id = QStringLiteral("clip");
    s.xTitle = QStringLiteral("x");
    s.yTitle = QStringLiteral("y");
    SeriesSpec line;
    line.name = QStringLiteral("mean");
    line.points = {QPointF(1, 0.0), QPointF(2, 0.9)};
    SeriesSpec band;
    band.kind = SeriesKind::Band;
    band.name = QStringLiteral("mean band");
    band.points = {QPointF(1, bandHalfWidth), QPointF(2, 0.9 + bandHalfWidth)};
    band.lower = {QPointF(1, -bandHalfWidth), QPointF(2, 0.9 - bandHalfWidth)};
    s.series = {band, line};
    return s;
  };
  ExportOptions o;
  o.writeCsv = false;
  for (const auto& [halfWidth, clipped] :
       {std::make_pair(11.0, true), std::make_pair(0.05, false)}) {
    const QString path = dir_.filePath(QStringLiteral("clip-%1.svg").arg(clipped));
    FigureExporter::exportFigure(spec(halfWidth), path, o);
    QString error;
    const QStringList texts = svgTexts(readAll(path), &error);
    EXPECT_EQ(texts.join(QLatin1Char('|')).contains(QStringLiteral("bands clipped")), clipped)
        << halfWidth;
  }
}

TEST_F(FigureExporterTest, ExportDoesNotDependOnTheScreenChart) {
  // Two exports of the same spec give the same PNG: nothing is shared with any on-screen chart.
  ExportOptions o;
  o.dpi = 100;
  const ChartSpec spec = FigureCatalog::build("accuracy", data_, {});
  EXPECT_EQ(FigureExporter::renderImage(spec, o), FigureExporter::renderImage(spec, o));
}

TEST_F(FigureExporterTest, RejectsUnknownFormatsAndBadSizes) {
  const ChartSpec spec = FigureCatalog::build("pgr", data_, {});
  EXPECT_THROW(FigureExporter::exportFigure(spec, dir_.filePath("x.jpg"), {}), SpecError);
  ExportOptions bad;
  bad.dpi = 5;
  EXPECT_THROW(FigureExporter::exportFigure(spec, dir_.filePath("x.png"), bad), SpecError);
  EXPECT_THROW(FigureExporter::exportFigure(spec, "/nonexistent-dir/x.pdf", {}), Error);
}

TEST_F(FigureExporterTest, CsvQuotesFieldsThatNeedIt) {
  CsvTable t;
  t.header = {"a", "b"};
  t.rows = {{"x,y", "say \"hi\""}};
  const QString path = dir_.filePath("t.csv");
  FigureExporter::writeCsv(t, path);
  EXPECT_EQ(readAll(path), QByteArray("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n"));
  EXPECT_EQ(FigureExporter::csvPathFor("out/fig.pdf"), "out/fig.csv");
  EXPECT_EQ(FigureExporter::csvPathFor("fig.v2.svg"), "fig.v2.csv");
}

}  // namespace
}  // namespace w2s
