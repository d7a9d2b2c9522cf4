#include "ui/ScreenshotTour.h"

#include <QDir>
#include <QItemSelectionModel>
#include <QPixmap>
#include <QTabWidget>
#include <QTableView>
#include <QTextStream>
#include <QTimer>
#include <cstdio>
#include <exception>
#include <utility>

#include "core/store/RunStore.h"
#include "ui/MainWindow.h"
#include "ui/charts/FigureCatalog.h"
#include "ui/models/RunFilterProxy.h"
#include "ui/models/RunTableModel.h"
#include "ui/panels/CompareDialog.h"
#include "ui/panels/FiguresPanel.h"
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

namespace {

// Two finished students that differ in their loss only (same sizes, view and seed): the
// comparison then shows a meaningful difference. Falls back to the first two rows.
std::pair<int, int> comparePair(const RunTableModel* model) {
  for (int a = 0; a < model->rowCount(); ++a) {
    const JobRecord* ra = model->record(a);
    if (ra->kind != JobKind::Student || ra->status != JobStatus::Done) continue;
    for (int b = a + 1; b < model->rowCount(); ++b) {
      const JobRecord* rb = model->record(b);
      if (rb->kind != JobKind::Student || rb->status != JobStatus::Done) continue;
      bool same = true;
      for (const char* key : {"weak_size", "strong_size", "view", "seed"}) {
        same = same &&
               ra->labels.value(key, nlohmann::json()) == rb->labels.value(key, nlohmann::json());
      }
      if (same && ra->labels.value("loss", "") != rb->labels.value("loss", "")) return {a, b};
    }
  }
  return {0, 1};
}

}  // namespace

void ScreenshotTour::shootCompare() {
  RunBrowserPanel* runs = window_->runs();
  window_->tabs()->setCurrentIndex(MainWindow::RunsTab);
  runs->reload();
  if (runs->model()->rowCount() < 2) {
    shootFigures(0);
    return;
  }
  const auto [a, b] = comparePair(runs->model());
  QTableView* table = runs->table();
  const QModelIndex ia = runs->proxy()->mapFromSource(runs->model()->index(a, 0));
  const QModelIndex ib = runs->proxy()->mapFromSource(runs->model()->index(b, 0));
  table->selectionModel()->select(ia,
                                  QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  table->selectionModel()->select(ib, QItemSelectionModel::Select | QItemSelectionModel::Rows);
  table->scrollTo(ia);
  runs->compareSelected();
  QTimer::singleShot(kSettleMs, this, [this, runs] {
    // Numbered after the tabs: NN-runs-selected, NN+1-compare, then the figures.
    const int n = window_->tabs()->count();
    save(window_->grab(),
         QStringLiteral("%1-runs-selected.png").arg(n + 1, 2, 10, QLatin1Char('0')));
    for (auto* dialog : runs->findChildren<CompareDialog*>()) {
      save(dialog->grab(), QStringLiteral("%1-compare.png").arg(n + 2, 2, 10, QLatin1Char('0')));
      dialog->close();
    }
    shootFigures(0);
  });
}

void ScreenshotTour::shootFigures(int index) {
  // Every figure of the oldest sweep in the store (the running one may have no results yet).
  FiguresPanel* figures = window_->figures();
  QStringList names;
  for (const auto& f : FigureCatalog::all()) {
    if (f.inScreenshotTour) names << f.name;
  }
  if (figures && index < names.size()) {
    if (index == 0) {
      window_->tabs()->setCurrentIndex(MainWindow::FiguresTab);
      try {
        const auto sweeps = window_->runs()->model()->store()->sweeps();
        if (!sweeps.empty()) figures->setSweepId(sweeps.front().id);
      } catch (const std::exception&) {
      }
      figures->setCurveStudents({});  // the default choice, not the pair compared above
    }
    figures->setCurrentFigure(names[index]);
    QTimer::singleShot(2 * kSettleMs, this, [this, index, names] {
      save(window_->grab(), QStringLiteral("%1-figure-%2.png")
                                .arg(window_->tabs()->count() + 3 + index, 2, 10, QLatin1Char('0'))
                                .arg(names[index]));
      shootFigures(index + 1);
    });
    return;
  }
  Q_EMIT finished(ok_);
}

}  // namespace w2s
