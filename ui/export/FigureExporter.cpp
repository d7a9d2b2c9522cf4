#include "ui/export/FigureExporter.h"

#include <QFile>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QImageWriter>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <cmath>
#include <memory>

#include "core/util/Error.h"
#include "ui/charts/FacetLayout.h"
#include "ui/charts/FigureChart.h"
#include "ui/charts/FigureStyle.h"

namespace w2s {

namespace {

// A print-styled chart (or grid of panels) laid out at the requested physical size, in its own
// scene. Small multiples without a height take the height their panels need.
class PrintScene {
 public:
  PrintScene(const ChartSpec& spec, const ExportOptions& o) {
    o.validate();
    const FigureStyle style =
        FigureStyle::printStyle(o.fontPt, o.fontFamily, FigureExporter::kUnitsPerInch);
    const double width = o.widthIn * FigureExporter::kUnitsPerInch;
    if (spec.faceted()) {
      facets_ = std::make_unique<FacetLayout>(spec, style, &scene_);
      const double height = o.heightIn > 0 ? o.heightIn * FigureExporter::kUnitsPerInch
                                           : facets_->naturalHeight(width, kPanelAspect);
      size_ = QSizeF(width, height);
      scene_.setSceneRect(QRectF(QPointF(0, 0), size_));
      facets_->layout(QRectF(QPointF(0, 0), size_));
      return;
    }
    size_ = QSizeF(width, o.height() * FigureExporter::kUnitsPerInch);
    auto* chart = new FigureChart(spec, style);
    scene_.addItem(chart);  // the scene owns and deletes the chart
    scene_.setSceneRect(QRectF(QPointF(0, 0), size_));
    chart->setGeometry(QRectF(QPointF(0, 0), size_));
    // Lay out now (QtCharts would wait for the event loop), then thin long series to the plot.
    chart->layout()->activate();
    chart->rebucket();
  }
  void render(QPainter* painter, const QRectF& target) {
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    scene_.render(painter, target, QRectF(QPointF(0, 0), size_), Qt::IgnoreAspectRatio);
  }
  QSizeF size() const { return size_; }
  /// Size in inches.
  QSizeF inches() const { return size_ / FigureExporter::kUnitsPerInch; }

 private:
  static constexpr double kPanelAspect = 0.75;  ///< panel height / width
  QSizeF size_;
  QGraphicsScene scene_;
  std::unique_ptr<FacetLayout> facets_;  ///< declared after the scene: destroyed before it
};

QString csvField(const QString& f) {
  if (!f.contains(QLatin1Char(',')) && !f.contains(QLatin1Char('"')) &&
      !f.contains(QLatin1Char('\n'))) {
    return f;
  }
  QString q = f;
  q.replace(QLatin1String("\""), QLatin1String("\"\""));
  return QLatin1Char('"') + q + QLatin1Char('"');
}

[[noreturn]] void failWrite(const QString& path, const QString& why) {
  throw Error("cannot write " + path.toStdString() + ": " + why.toStdString());
}

}  // namespace

FigureExporter::Format FigureExporter::formatFor(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QLatin1String("pdf")) return Format::Pdf;
  if (suffix == QLatin1String("svg")) return Format::Svg;
  if (suffix == QLatin1String("png")) return Format::Png;
  throw SpecError("figure file " + path.toStdString() +
                  ": unknown format; expected a name ending in .pdf, .svg or .png");
}

QString FigureExporter::csvPathFor(const QString& figurePath) {
  const QString suffix = QFileInfo(figurePath).suffix();
  if (suffix.isEmpty()) return figurePath + QStringLiteral(".csv");
  return figurePath.left(figurePath.size() - suffix.size()) + QStringLiteral("csv");
}

QImage FigureExporter::renderImage(const ChartSpec& spec, const ExportOptions& options) {
  PrintScene scene(spec, options);
  const QSize pixels(static_cast<int>(std::lround(scene.inches().width() * options.dpi)),
                     static_cast<int>(std::lround(scene.inches().height() * options.dpi)));
  QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  QPainter painter(&image);
  scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(pixels)));
  painter.end();
  const int dpm = static_cast<int>(std::lround(options.dpi / 0.0254));
  image.setDotsPerMeterX(dpm);
  image.setDotsPerMeterY(dpm);
  return image;
}

void FigureExporter::exportFigure(const ChartSpec& spec, const QString& path,
                                  const ExportOptions& options) {
  const Format format = formatFor(path);
  options.validate();
  const QString title = spec.title.isEmpty() ? spec.id : spec.title;
  if (format == Format::Png) {
    const QImage image = renderImage(spec, options);
    QImageWriter writer(path, "png");
    if (!writer.write(image)) failWrite(path, writer.errorString());
  } else if (format == Format::Pdf) {
    PrintScene scene(spec, options);
    QPdfWriter pdf(path);
    pdf.setCreator(QStringLiteral("W2S Workbench"));
    pdf.setTitle(title);
    // ExactMatch: a custom size close to a standard one must not snap to it.
    pdf.setPageSize(QPageSize(scene.inches(), QPageSize::Inch, QString(), QPageSize::ExactMatch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setResolution(static_cast<int>(kUnitsPerInch));
    QPainter painter;
    if (!painter.begin(&pdf)) failWrite(path, QStringLiteral("the PDF could not be opened"));
    scene.render(&painter, QRectF(QPointF(0, 0), scene.size()));
    painter.end();
  } else {
    PrintScene scene(spec, options);
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setTitle(title);
    svg.setDescription(QStringLiteral("W2S Workbench figure %1").arg(spec.id));
    svg.setResolution(static_cast<int>(kUnitsPerInch));
    svg.setSize(scene.size().toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), scene.size()));
    QPainter painter;
    if (!painter.begin(&svg)) failWrite(path, QStringLiteral("the SVG could not be opened"));
    scene.render(&painter, QRectF(QPointF(0, 0), scene.size()));
    painter.end();
  }
  if (!QFileInfo(path).isFile() || QFileInfo(path).size() == 0) {
    failWrite(path, QStringLiteral("nothing was written (is the folder writable?)"));
  }
  if (options.writeCsv) writeCsv(spec.csv, csvPathFor(path));
}

QString FigureExporter::csvText(const CsvTable& table) {
  auto line = [](const QStringList& fields) {
    QStringList quoted;
    for (const QString& f : fields) quoted << csvField(f);
    return quoted.join(QLatin1Char(',')) + QLatin1Char('\n');
  };
  QString out = line(table.header);
  for (const QStringList& row : table.rows) out += line(row);
  return out;
}

void FigureExporter::writeCsv(const CsvTable& table, const QString& path) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) failWrite(path, file.errorString());
  file.write(csvText(table).toUtf8());
  if (!file.commit()) failWrite(path, file.errorString());
}

}  // namespace w2s
