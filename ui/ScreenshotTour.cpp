#include "ui/ScreenshotTour.h"

#include <QDir>
#include <QItemSelectionModel>
#include <QPixmap>
#include <QTabWidget>
#include <QTableView>
#include <QTextStream>
#include <QTimer>
#include <cstdio>

#include "ui/MainWindow.h"
#include "ui/models/RunTableModel.h"
#include "ui/panels/CompareDialog.h"
#include "ui/panels/RunBrowserPanel.h"

namespace w2s {

namespace {
constexpr int kSettleMs = 700;  // lets coalesced redraws (40–300 ms timers) land before a grab
}

ScreenshotTour::ScreenshotTour(MainWindow* window, QString folder, int delayMs, QObject* parent)
    : QObject(parent), window_(window), folder_(std::move(folder)), delayMs_(delayMs) {}

void ScreenshotTour::start() {
  QDir().mkpath(folder_);
  QTimer::singleShot(delayMs_, this, [this] { shootTab(0); });
}

bool ScreenshotTour::save(const QPixmap& pixmap, const QString& name) {
  const QString path = QDir(folder_).filePath(name);
  const bool ok = pixmap.save(path, "PNG");
  std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "saved" : "could not save", qPrintable(path));
  std::fflush(stdout);
  ok_ = ok_ && ok;
  return ok;
}

void ScreenshotTour::shootTab(int index) {
  QTabWidget* tabs = window_->tabs();
  if (index >= tabs->count()) {
    shootCompare();
    return;
  }
  tabs->setCurrentIndex(index);
  QTimer::singleShot(kSettleMs, this, [this, index, tabs] {
    const QString name = tabs->tabText(index).remove(QLatin1Char('&')).toLower();
    save(window_->grab(),
         QStringLiteral("%1-%2.png").arg(index + 1, 2, 10, QLatin1Char('0')).arg(name));
    shootTab(index + 1);
  });
}

void ScreenshotTour::shootCompare() {
  RunBrowserPanel* runs = window_->runs();
  window_->tabs()->setCurrentIndex(MainWindow::RunsTab);
  runs->reload();
  if (runs->table()->model()->rowCount() < 2) {
    Q_EMIT finished(ok_);
    return;
  }
  // Two runs that differ in more than the seed make a useful picture: the last two rows.
  QItemSelectionModel* sel = runs->table()->selectionModel();
  const int last = runs->table()->model()->rowCount() - 1;
  sel->select(runs->table()->model()->index(last, 0),
              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  sel->select(runs->table()->model()->index(last - 1, 0),
              QItemSelectionModel::Select | QItemSelectionModel::Rows);
  runs->compareSelected();
  QTimer::singleShot(kSettleMs, this, [this, runs] {
    for (auto* dialog : runs->findChildren<CompareDialog*>()) {
      save(dialog->grab(), QStringLiteral("05-compare.png"));
      dialog->close();
    }
    Q_EMIT finished(ok_);
  });
}

}  // namespace w2s
