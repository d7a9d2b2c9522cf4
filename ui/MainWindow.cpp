#include "ui/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QUrl>
#include <exception>
#include <sstream>

#include "core/interop/EleutherImporter.h"
#include "core/interop/ImportSupport.h"
#include "core/interop/ImportWriter.h"
#include "core/interop/OpenAiImporter.h"
#include "core/interop/ResultsExport.h"
#include "core/store/ClaimOwner.h"
#include "core/store/RunStore.h"
#include "ui/AboutDialog.h"
#include "ui/bridge/StoreWatcher.h"
#include "ui/bridge/TrainingController.h"
#include "ui/models/JobLabel.h"
#include "ui/models/QueueModel.h"
#include "ui/panels/FiguresPanel.h"
#include "ui/panels/QueuePanel.h"
#include "ui/panels/ResultsPanel.h"
#include "ui/panels/RunBrowserPanel.h"
#include "ui/panels/StudentPicker.h"
#include "ui/panels/SweepDesignerPanel.h"

// resources.qrc is compiled into the static w2s_ui library, where nothing references its
// initialiser: without this call the linker drops it (and the icon and built-in sweep with it).
// Q_INIT_RESOURCE must be used outside any namespace.
static void initWorkbenchResources() { Q_INIT_RESOURCE(resources); }

namespace w2s {

namespace {
bool isStoreFile(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  return suffix == QLatin1String("db") || suffix == QLatin1String("sqlite") ||
         suffix == QLatin1String("sqlite3");
}
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  initWorkbenchResources();
  setWindowTitle(tr("W2S Workbench"));
  setWindowIcon(QIcon(QStringLiteral(":/w2s/icons/w2s-workbench.svg")));
  setAcceptDrops(true);
  setObjectName(QStringLiteral("MainWindow"));

  controller_ = new TrainingController(this);
  queueModel_ = new QueueModel(this);
  watcher_ = new StoreWatcher(1000, this);
  designer_ = new SweepDesignerPanel(this);
  queue_ = new QueuePanel(queueModel_, controller_, this);
  runs_ = new RunBrowserPanel(this);

  tabs_ = new QTabWidget(this);
  tabs_->setDocumentMode(true);
  tabs_->addTab(designer_, tr("&Designer"));
  tabs_->addTab(queue_, tr("&Queue"));
  tabs_->addTab(runs_, tr("&Runs"));
  figures_ = new FiguresPanel(this);
  tabs_->addTab(figures_, tr("&Figures"));
  connect(runs_, &RunBrowserPanel::sweepSelected, figures_, &FiguresPanel::setSweepId);
  // Students selected in the runs table are the ones figure 1 draws.
  // ... and the students checked for figure 1 are the rows selected there. Each side ignores
  // the echo of its own change (a runs selection may hold weak models too: it stays as made).
  connect(runs_, &RunBrowserPanel::studentsSelected, this,
          [this](const std::vector<std::string>& hashes) {
            syncingSelection_ = true;
            figures_->setCurveStudents(hashes);
            syncingSelection_ = false;
          });
  connect(figures_->studentPicker(), &StudentPicker::checkedChanged, this, [this] {
    if (!syncingSelection_) runs_->selectStudents(figures_->studentPicker()->checked());
  });
  connect(figures_, &FiguresPanel::errorOccurred, this, &MainWindow::showError);
  // The results tab shows the report of the sweep the figures read, from the same load.
  results_ = new ResultsPanel(this);
  tabs_->addTab(results_, tr("R&esults"));
  connect(figures_, &FiguresPanel::refreshed, results_,
          [this] { results_->setOutcomes(figures_->data().outcomes); });
  connect(results_, &ResultsPanel::studentsChosen, this,
          [this](const std::vector<std::string>& hashes) {
            figures_->setCurrentFigure(QStringLiteral("curves"));
            figures_->setCurveStudents(hashes);
            tabs_->setCurrentWidget(figures_);
          });
  setCentralWidget(tabs_);

  storeLabel_ = new QLabel(this);
  progressLabel_ = new QLabel(this);
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1000);
  progress_->setMaximumWidth(220);
  progress_->setVisible(false);
  statusBar()->addWidget(progressLabel_, 1);
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(storeLabel_);

  buildMenus();
  connectController();
  connect(designer_, &SweepDesignerPanel::runRequested, this, &MainWindow::runSweep);
  connect(designer_, &SweepDesignerPanel::errorOccurred, this, &MainWindow::showError);
  connect(runs_, &RunBrowserPanel::errorOccurred, this, &MainWindow::showError);
  connect(queueModel_, &QAbstractItemModel::dataChanged, this, &MainWindow::updateStatus);
  connect(queueModel_, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateStatus);
  connect(queueModel_, &QAbstractItemModel::modelReset, this, &MainWindow::updateStatus);
  connect(watcher_, &StoreWatcher::changed, this, &MainWindow::onStoreChanged);
  updateStatus();
}

void MainWindow::onStoreChanged() {
  if (!store_) return;
  std::vector<QueueModel::External> others;
  try {
    const ClaimOwner& me = ClaimOwner::self();
    for (const JobRecord& r : store_->jobsWithStatus(JobStatus::Running)) {
      const auto owner = ClaimOwner::parse(r.owner);
      if (owner && owner->host == me.host && owner->pid == me.pid) continue;  // this window's
      QueueModel::External x;
      x.hash = QString::fromStdString(r.hash);
      x.kind = QLatin1String(toString(r.kind));
      x.label = jobLabel(r.kind, r.labels);
      x.owner = owner ? tr("%1 pid %2").arg(QString::fromStdString(owner->host)).arg(owner->pid)
                      : tr("a process that did not say");
      x.step = r.progressStep;
      x.total = r.progressTotal;
      others.push_back(x);
    }
  } catch (const std::exception&) {
    return;  // busy or being migrated: the next change tries again
  }
  queueModel_->setExternal(others);
  runs_->scheduleReload();
  figures_->scheduleRefresh();
  queue_->refresh();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  auto* openStoreAction = file->addAction(tr("Open &store…"), this, &MainWindow::openStoreDialog);
  openStoreAction->setShortcut(QKeySequence::Open);
  auto* openSweep = file->addAction(tr("Open s&weep…"), designer_, &SweepDesignerPanel::openDialog);
  openSweep->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  auto* save = file->addAction(tr("Save sweep"), designer_, &SweepDesignerPanel::saveDialog);
  save->setShortcut(QKeySequence::Save);
  auto* saveAs =
      file->addAction(tr("Save sweep &as…"), designer_, &SweepDesignerPanel::saveAsDialog);
  saveAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
  file->addSeparator();
  exportAction_ = file->addAction(tr("&Export all figures…"), this, &MainWindow::exportFigures);
  exportAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  exportAction_->setEnabled(figures_ != nullptr);
  auto* importAction =
      file->addAction(tr("&Import results folder…"), this, &MainWindow::importDialog);
  importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
  importAction->setToolTip(tr("Runs of openai/weak-to-strong or EleutherAI/w2s, as a new sweep"));
  file->addAction(tr("Export sweep &results…"), this, &MainWindow::exportResultsDialog);
  file->addSeparator();
  auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
  quit->setMenuRole(QAction::QuitRole);

  QMenu* sweep = menuBar()->addMenu(tr("&Sweep"));
  runAction_ = sweep->addAction(tr("&Run sweep"), this, &MainWindow::runSweep);
  runAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  cancelAction_ = sweep->addAction(tr("&Cancel sweep"), this, &MainWindow::cancelSweep);
  cancelAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
  cancelAction_->setEnabled(false);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (int i = 0; i < tabs_->count(); ++i) {
    auto* a = view->addAction(tabs_->tabText(i).remove(QLatin1Char('&')), this,
                              [this, i] { tabs_->setCurrentIndex(i); });
    a->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
  }

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  auto* about = help->addAction(tr("&About W2S Workbench"), this,
                                [this] { AboutDialog::show(this, storePath()); });
  about->setShortcut(QKeySequence::HelpContents);
  about->setMenuRole(QAction::AboutRole);
  help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::connectController() {
  TrainingController* c = controller_;
  connect(c, &TrainingController::sweepEvent, this, &MainWindow::onSweepEvent);
  connect(c, &TrainingController::errorOccurred, this, &MainWindow::showError);
  connect(c, &TrainingController::runningChanged, this, [this](bool running) {
    designer_->setRunning(running);
    runAction_->setEnabled(!running);
    cancelAction_->setEnabled(running);
    updateStatus();
  });
}

bool MainWindow::openStore(const QString& path) {
  if (controller_->isRunning()) {
    showError(tr("Cancel the running sweep before opening another store."));
    return false;
  }
  std::shared_ptr<RunStore> store;
  try {
    store = std::make_shared<RunStore>(QDir::cleanPath(path).toStdString());
  } catch (const std::exception& e) {
    showError(tr("Cannot open the store %1: %2").arg(path, QString::fromUtf8(e.what())));
    return false;
  }
  store_ = store;
  watcher_->setStore(store_);
  queueModel_->setExternal({});
  runs_->setStore(store_);
  figures_->setStorePath(storePath());
  figures_->setSweepId(-1);
  designer_->setStorePath(storePath());
  queueModel_->clear();
  storeLabel_->setText(QFileInfo(storePath()).fileName());
  storeLabel_->setToolTip(storePath());
  setWindowTitle(tr("W2S Workbench — %1").arg(QFileInfo(storePath()).fileName()));
  QSettings().setValue(QStringLiteral("store/last"), storePath());
  return true;
}

QString MainWindow::storePath() const {
  return store_ ? QString::fromStdString(store_->path()) : QString();
}

bool MainWindow::loadSweep(const QString& path) {
  if (!designer_->loadFile(path)) return false;
  QSettings().setValue(QStringLiteral("sweep/last"), designer_->currentPath());
  return true;
}

bool MainWindow::runSweep() {
  if (controller_->isRunning()) return false;
  if (!store_) {
    showError(tr("Open a store first (File ▸ Open store…)."));
    return false;
  }
  const SweepCheck& check = designer_->validateNow();
  if (!check.valid) {
    tabs_->setCurrentIndex(DesignerTab);
    showError(tr("The sweep is not valid: %1").arg(check.error));
    return false;
  }
  // The form's JSON, not the file: what runs is what the user sees, saved or not.
  controller_->start(designer_->sweepJson(), storePath(), designer_->jobs());
  tabs_->setCurrentIndex(QueueTab);
  return true;
}

void MainWindow::cancelSweep() {
  if (!controller_->isRunning()) return;
  controller_->cancelAll();
  statusBar()->showMessage(tr("Cancelling: running jobs stop at their next step…"));
}

void MainWindow::onSweepEvent(const SweepEvent& event) {
  auto hashOf = [](const JobRef& job) { return QString::fromStdString(job->hash); };
  if (const auto* e = std::get_if<SweepStarted>(&event)) {
    onSweepStarted(e->sweepId, e->planned, e->alreadyDone);
  } else if (const auto* e = std::get_if<JobStarted>(&event)) {
    queueModel_->onJobStarted(hashOf(e->job), QLatin1String(toString(e->job->kind)),
                              jobLabel(e->job->kind, e->job->labels));
    runs_->scheduleReload();
  } else if (const auto* e = std::get_if<JobProgressed>(&event)) {
    queueModel_->onJobProgress(hashOf(e->job), e->step, e->totalSteps, e->loss);
  } else if (const auto* e = std::get_if<JobEvaluated>(&event)) {
    figures_->onJobEval(hashOf(e->job), e->point.step, e->point.testAcc);
  } else if (const auto* e = std::get_if<JobFinished>(&event)) {
    queueModel_->onJobFinished(hashOf(e->job), e->outcome, e->seconds);
    runs_->scheduleReload();
    // The designer's "already in the store" and ETA follow the store as jobs finish (debounced).
    designer_->setStorePath(storePath());
    if (e->outcome == JobOutcome::Failed) {
      statusBar()->showMessage(
          tr("Job %1 failed: %2").arg(hashOf(e->job).left(8), QString::fromStdString(e->error)),
          10000);
    }
    figures_->scheduleRefresh();
  } else if (const auto* e = std::get_if<SweepFinished>(&event)) {
    statusBar()->showMessage(tr("Sweep finished: %1 trained, %2 failed, %3 cancelled")
                                 .arg(e->done)
                                 .arg(e->failed)
                                 .arg(e->cancelled));
    runs_->reload();
    designer_->setStorePath(storePath());  // recount what the store now has
  }
}

void MainWindow::onSweepStarted(qint64 sweepId, int planned, int alreadyDone) {
  std::vector<QueueModel::Pending> pending;
  if (store_) {
    try {
      for (const JobRecord& r : store_->jobs(sweepId)) {
        if (r.status == JobStatus::Done) continue;
        pending.push_back({QString::fromStdString(r.hash), QLatin1String(toString(r.kind)),
                           jobLabel(r.kind, r.labels)});
      }
    } catch (const std::exception& e) {
      showError(QString::fromUtf8(e.what()));
    }
  }
  queueModel_->startSweep(pending, planned, alreadyDone);
  runs_->scheduleReload();
  figures_->setSweepId(sweepId);
  figures_->scheduleRefresh();
  updateStatus();
}

void MainWindow::updateStatus() {
  const bool running = controller_->isRunning();
  progress_->setVisible(running || queueModel_->planned() > 0);
  progress_->setValue(qRound(queueModel_->sweepFraction() * 1000));
  progressLabel_->setText(queue_->progressText());
}

void MainWindow::exportFigures() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Export all figures to"));
  if (folder.isEmpty()) return;
  figures_->exportAll(folder);
  statusBar()->showMessage(tr("Figures exported to %1").arg(folder), 8000);
}

void MainWindow::importDialog() {
  QSettings settings;
  const QString start =
      settings.value(QStringLiteral("import/lastDir"), QDir::homePath()).toString();
  const QString folder = QFileDialog::getExistingDirectory(
      this, tr("Import a results folder (openai/weak-to-strong or EleutherAI/w2s)"), start);
  if (folder.isEmpty()) return;
  settings.setValue(QStringLiteral("import/lastDir"), folder);
  importResults(folder);
}

qint64 MainWindow::importResults(const QString& folder) {
  if (!store_) {
    showError(tr("Open a store first (File ▸ Open store…)."));
    return -1;
  }
  QGuiApplication::setOverrideCursor(Qt::WaitCursor);
  ImportSummary summary;
  size_t runs = 0;
  std::string format;
  QString error;
  try {
    // Read everything before writing: a malformed folder leaves the store untouched.
    const std::string dir = QDir::cleanPath(folder).toStdString();
    format = detectImportFormat(dir);
    const ImportBatch batch =
        format == "openai" ? readOpenAiResults(dir) : readEleutherResults(dir);
    runs = batch.runs.size();
    summary = writeImport(*store_, batch);
  } catch (const std::exception& e) {
    error = QString::fromUtf8(e.what());
  }
  QGuiApplication::restoreOverrideCursor();
  if (!error.isEmpty()) {
    showError(tr("Import failed: %1").arg(error));
    return -1;
  }
  runs_->reload();
  runs_->setSweep(summary.sweepId);
  figures_->setSweepId(summary.sweepId);
  QString message = tr("Imported %1 runs (%2) into sweep %3: %4 weak models, %5 ceilings, "
                       "%6 students (%7 with supervisor and ceiling)")
                        .arg(runs)
                        .arg(QString::fromStdString(format))
                        .arg(summary.sweepId)
                        .arg(summary.weak)
                        .arg(summary.ceilings)
                        .arg(summary.students)
                        .arg(summary.studentsWithPgrInputs);
  if (!summary.warnings.empty()) {
    QStringList warnings;
    for (const auto& w : summary.warnings) warnings << QString::fromStdString(w);
    showError(message + tr("\n\nWarnings:\n") + warnings.join(QLatin1Char('\n')));
  }
  statusBar()->showMessage(message, 15000);
  return summary.sweepId;
}

void MainWindow::exportResultsDialog() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Export sweep results to"));
  if (folder.isEmpty()) return;
  exportResults(folder);
}

bool MainWindow::exportResults(const QString& folder) {
  if (!store_) {
    showError(tr("Open a store first (File ▸ Open store…)."));
    return false;
  }
  const qint64 sweep = figures_->sweepId();
  try {
    // Each file is written atomically; a failed write is an error here, not a short file.
    w2s::exportResults(*store_, sweep >= 0 ? std::optional<int64_t>(sweep) : std::nullopt,
                       QDir::cleanPath(folder).toStdString());
  } catch (const std::exception& e) {
    showError(tr("Export failed: %1").arg(QString::fromUtf8(e.what())));
    return false;
  }
  statusBar()->showMessage(
      tr("Exported %1 to %2: summary.json, summary.csv, outcomes.csv, curves.csv")
          .arg(sweep >= 0 ? tr("sweep %1").arg(sweep) : tr("every run"), folder),
      15000);
  return true;
}

void MainWindow::openStoreDialog() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Open or create a store"), storePath(),
                                                    tr("Run stores (*.db *.sqlite *.sqlite3)"),
                                                    nullptr, QFileDialog::DontConfirmOverwrite);
  if (!path.isEmpty()) openStore(path);
}

void MainWindow::showError(const QString& message) {
  lastError_ = message;
  statusBar()->showMessage(message, 15000);
  // Non-blocking: the event loop (and training progress) keeps running behind the box.
  auto* box =
      new QMessageBox(QMessageBox::Warning, tr("W2S Workbench"), message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::saveSettings() const {
  QSettings s;
  s.setValue(QStringLiteral("window/geometry"), saveGeometry());
  s.setValue(QStringLiteral("window/state"), saveState());
  s.setValue(QStringLiteral("window/tab"), tabs_->currentIndex());
  s.setValue(QStringLiteral("sweep/jobs"), designer_->jobs());
  if (store_) s.setValue(QStringLiteral("store/last"), storePath());
  if (!designer_->currentPath().isEmpty()) {
    s.setValue(QStringLiteral("sweep/last"), designer_->currentPath());
  }
}

void MainWindow::restoreSettings() {
  QSettings s;
  if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) resize(1280, 820);
  restoreState(s.value(QStringLiteral("window/state")).toByteArray());
  tabs_->setCurrentIndex(s.value(QStringLiteral("window/tab"), 0).toInt());
  if (s.contains(QStringLiteral("sweep/jobs")))
    designer_->setJobs(s.value(QStringLiteral("sweep/jobs")).toInt());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (controller_->isRunning() && confirmQuit_) {
    const auto answer = QMessageBox::question(
        this, tr("Quit"), tr("A sweep is running. Cancel it and quit? Finished jobs stay stored."));
    if (answer != QMessageBox::Yes) {
      event->ignore();
      return;
    }
  }
  controller_->cancelAll();
  saveSettings();
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  for (const QUrl& url : event->mimeData()->urls()) {
    const QString path = url.toLocalFile();
    if (isStoreFile(path) || path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
      event->acceptProposedAction();
      return;
    }
  }
}

void MainWindow::dropEvent(QDropEvent* event) {
  for (const QUrl& url : event->mimeData()->urls()) {
    const QString path = url.toLocalFile();
    if (isStoreFile(path)) {
      openStore(path);
    } else if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
      if (loadSweep(path)) tabs_->setCurrentIndex(DesignerTab);
    }
  }
  event->acceptProposedAction();
}

}  // namespace w2s
