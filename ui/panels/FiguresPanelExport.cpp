// FiguresPanel's export actions: every figure to a folder, and the figure shown through the
// export dialog.
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QSettings>

#include "ui/charts/ChartView.h"
#include "ui/charts/FigureCatalog.h"
#include "ui/charts/FigureChart.h"
#include "ui/export/ExportDialog.h"
#include "ui/export/FigureExporter.h"
#include "ui/panels/FiguresPanel.h"

namespace w2s {

void FiguresPanel::exportAll(const QString& folder) {
  if (!QDir().mkpath(folder)) {
    showError(tr("Cannot create the folder %1").arg(folder));
    return;
  }
  QGuiApplication::setOverrideCursor(Qt::WaitCursor);
  QStringList files;
  try {
    const FigureOptions o = options();
    QStringList skipped;
    for (const auto& f : FigureCatalog::all()) {
      const ChartSpec spec = FigureCatalog::build(f.name, data_, o);
      if (!f.skipReason.isEmpty() && spec.isEmpty()) {  // a study this sweep did not run
        skipped << tr("%1 (%2)").arg(f.name, f.skipReason);
        continue;
      }
      for (const char* suffix : {".pdf", ".svg", ".png"}) {
        ExportOptions eo = exportOptions_;
        eo.writeCsv = QLatin1String(suffix) == QLatin1String(".pdf");  // one CSV per figure
        const QString path = QDir(folder).filePath(f.name + QLatin1String(suffix));
        FigureExporter::exportFigure(spec, path, eo);
        files << path;
        if (eo.writeCsv) files << FigureExporter::csvPathFor(path);
      }
    }
    QString text = tr("Exported %1 files to %2").arg(files.size()).arg(folder);
    if (!skipped.isEmpty()) text += tr(" · skipped %1").arg(skipped.join(QStringLiteral(", ")));
    status_->setText(text);
  } catch (const std::exception& e) {
    showError(tr("Export failed: %1").arg(QString::fromUtf8(e.what())));
  }
  QGuiApplication::restoreOverrideCursor();
  Q_EMIT exported(files);
}

void FiguresPanel::exportCurrent() {
  FigureChart* chart = view_->figureChart();
  if (!showsPanels() && !chart) return;
  QSettings settings;
  const QString dir =
      settings.value(QStringLiteral("figures/exportDir"), QDir::homePath()).toString();
  ExportDialog dialog(QDir(dir).filePath(currentFigure()), exportOptions_, this);
  if (dialog.exec() != QDialog::Accepted) return;
  exportOptions_ = dialog.options();
  const QStringList paths = dialog.paths();
  if (paths.isEmpty()) return;
  settings.setValue(QStringLiteral("figures/exportDir"), QFileInfo(paths.front()).path());
  QStringList files;
  try {
    // Panels are exported as built; a single chart as the user sees it (zoom, hidden series).
    ChartSpec spec = showsPanels() ? FigureCatalog::build(currentFigure(), data_, options())
                                   : chart->exportSpec();
    if (exportOptions_.writeCsv && !showsPanels())
      spec.csv = FigureCatalog::build(currentFigure(), data_, options()).csv;
    for (const QString& path : paths) {
      ExportOptions eo = exportOptions_;
      eo.writeCsv = exportOptions_.writeCsv && path == paths.front();
      FigureExporter::exportFigure(spec, path, eo);
      files << path;
      if (eo.writeCsv) files << FigureExporter::csvPathFor(path);
    }
    status_->setText(tr("Exported %1").arg(files.join(QStringLiteral(", "))));
    Q_EMIT exported(files);
  } catch (const std::exception& e) {
    showError(tr("Export failed: %1").arg(QString::fromUtf8(e.what())));  // the window shows it
  }
}

}  // namespace w2s
