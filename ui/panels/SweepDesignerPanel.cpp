#include "ui/panels/SweepDesignerPanel.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/util/JsonText.h"
#include "ui/models/QueueModel.h"
#include "ui/panels/SweepForm.h"

namespace w2s {

SweepDesignerPanel::SweepDesignerPanel(QWidget* parent) : QWidget(parent) {
  form_ = new SweepForm(this);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(form_);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);

  auto* open =
      new QPushButton(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("Open…"), this);
  auto* save =
      new QPushButton(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("Save"), this);
  auto* saveAs = new QPushButton(tr("Save as…"), this);
  fileLabel_ = new QLabel(this);
  fileLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  jobs_ = new QSpinBox(this);
  jobs_->setRange(1, std::max(1, QThread::idealThreadCount()));
  jobs_->setValue(std::min(2, jobs_->maximum()));
  jobs_->setToolTip(tr("Jobs trained at once (each gets an equal share of the cores)"));
  run_ = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run sweep"), this);
  run_->setToolTip(tr("Train every job of this sweep the store does not have yet (Ctrl+R)"));
  run_->setDefault(true);
  connect(open, &QPushButton::clicked, this, &SweepDesignerPanel::openDialog);
  connect(save, &QPushButton::clicked, this, &SweepDesignerPanel::saveDialog);
  connect(saveAs, &QPushButton::clicked, this, &SweepDesignerPanel::saveAsDialog);
  connect(run_, &QPushButton::clicked, this, &SweepDesignerPanel::runRequested);

  auto* bar = new QHBoxLayout;
  bar->addWidget(open);
  bar->addWidget(save);
  bar->addWidget(saveAs);
  bar->addWidget(fileLabel_, 1);
  bar->addWidget(new QLabel(tr("Jobs at once"), this));
  bar->addWidget(jobs_);
  bar->addWidget(run_);

  summary_ = new QLabel(this);
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  summary_->setMinimumHeight(summary_->fontMetrics().height() * 2);

  kept_ = new QLabel(this);
  kept_->setWordWrap(true);
  kept_->setVisible(false);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addWidget(scroll, 1);
  layout->addWidget(kept_);
  layout->addWidget(summary_);

  debounce_ = new QTimer(this);
  debounce_->setSingleShot(true);
  debounce_->setInterval(250);
  connect(debounce_, &QTimer::timeout, this, &SweepDesignerPanel::startCheck);
  connect(form_, &SweepForm::changed, this, &SweepDesignerPanel::scheduleCheck);
  connect(jobs_, &QSpinBox::valueChanged, this, &SweepDesignerPanel::scheduleCheck);
  connect(&watcher_, &QFutureWatcher<SweepCheck>::finished, this, [this] {
    applyCheck(watcher_.result());
    if (recheck_) {
      recheck_ = false;
      startCheck();
    }
  });
  fileLabel_->setText(tr("(unsaved sweep)"));
}

SweepDesignerPanel::~SweepDesignerPanel() {
  // A check only plans (milliseconds) and reads the store; let it end before the form goes.
  watcher_.waitForFinished();
}

bool SweepDesignerPanel::loadJson(const QString& text, const QString& sourceName) {
  nlohmann::json j;
  try {
    // Depth-limited, repeated keys refused: the same reader as `w2s run`.
    j = parseJsonText(text.toStdString(),
                      sourceName.isEmpty() ? std::string("sweep") : sourceName.toStdString());
  } catch (const std::exception& e) {
    Q_EMIT errorOccurred(
        tr("%1 is not valid JSON: %2")
            .arg(sourceName.isEmpty() ? tr("The sweep") : sourceName, QString::fromUtf8(e.what())));
    return false;
  }
  form_->setJson(j);
  const QStringList kept = form_->keptFields();
  kept_->setText(
      tr("Kept as in the file (no editor here): %1").arg(kept.join(QStringLiteral(", "))));
  kept_->setVisible(!kept.isEmpty());
  validateNow();
  return true;
}

bool SweepDesignerPanel::loadFile(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    Q_EMIT errorOccurred(tr("Cannot open %1: %2").arg(path, file.errorString()));
    return false;
  }
  if (!loadJson(QString::fromUtf8(file.readAll()), path)) return false;
  path_ = QFileInfo(path).absoluteFilePath();
  fileLabel_->setText(QFileInfo(path).fileName());
  fileLabel_->setToolTip(path_);
  Q_EMIT pathChanged(path_);
  return true;
}

bool SweepDesignerPanel::saveFile(const QString& path) {
  QSaveFile file(path);
  const QByteArray bytes = sweepJson().toUtf8() + '\n';
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
    Q_EMIT errorOccurred(tr("Cannot write %1: %2").arg(path, file.errorString()));
    return false;
  }
  path_ = QFileInfo(path).absoluteFilePath();
  fileLabel_->setText(QFileInfo(path).fileName());
  fileLabel_->setToolTip(path_);
  Q_EMIT pathChanged(path_);
  return true;
}

QString SweepDesignerPanel::sweepJson() const {
  return QString::fromStdString(form_->toJson().dump(2));
}

void SweepDesignerPanel::setStorePath(const QString& dbPath) {
  dbPath_ = dbPath;
  scheduleCheck();
}

int SweepDesignerPanel::jobs() const { return jobs_->value(); }
void SweepDesignerPanel::setJobs(int jobs) { jobs_->setValue(jobs); }

void SweepDesignerPanel::openDialog() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open sweep"), path_.isEmpty() ? QString() : QFileInfo(path_).path(),
      tr("Sweep files (*.json);;All files (*)"));
  if (!path.isEmpty()) loadFile(path);
}

void SweepDesignerPanel::saveDialog() {
  // The shipped default sweep is read-only when installed: save a copy elsewhere.
  if (path_.isEmpty() || !QFileInfo(path_).isWritable()) {
    saveAsDialog();
  } else {
    saveFile(path_);
  }
}

void SweepDesignerPanel::saveAsDialog() {
  QString path =
      QFileDialog::getSaveFileName(this, tr("Save sweep as"), path_, tr("Sweep files (*.json)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(QLatin1String(".json"))) path += QLatin1String(".json");
  saveFile(path);
}

void SweepDesignerPanel::setRunning(bool running) {
  running_ = running;
  run_->setEnabled(!running_ && check_.valid);
}

void SweepDesignerPanel::scheduleCheck() { debounce_->start(); }

void SweepDesignerPanel::startCheck() {
  if (watcher_.isRunning()) {
    recheck_ = true;
    return;
  }
  watcher_.setFuture(QtConcurrent::run(checkSweep, sweepJson(), dbPath_, jobs_->value(),
                                       QStringLiteral("designer")));
}

const SweepCheck& SweepDesignerPanel::validateNow() {
  debounce_->stop();
  applyCheck(checkSweep(sweepJson(), dbPath_, jobs_->value()));
  return check_;
}

void SweepDesignerPanel::applyCheck(const SweepCheck& check) {
  check_ = check;
  run_->setEnabled(!running_ && check.valid);
  if (!check.valid) {
    // Core's message names the field; strip the "designer: " prefix shown to the user.
    QString message = check.error;
    message.remove(QRegularExpression(QStringLiteral("^designer: ")));
    form_->markInvalid(check.errorPath, message);
    summary_->setStyleSheet(QStringLiteral("QLabel { color: #D55E00; }"));
    summary_->setText(tr("Invalid: %1").arg(message));
    Q_EMIT checked(check_);
    return;
  }
  form_->clearMarks();
  summary_->setStyleSheet(QString());
  QString text =
      tr("%n job(s) planned", nullptr, check.planned) + tr(" (%1 weak, %2 ceilings, %3 students)")
                                                            .arg(check.weak)
                                                            .arg(check.ceilings)
                                                            .arg(check.students);
  if (!check.storeError.isEmpty()) {
    text += tr(" — store not readable: %1").arg(check.storeError);
  } else if (!dbPath_.isEmpty()) {
    text += tr(" — %1 already in the store").arg(check.alreadyDone);
    const int left = check.planned - check.alreadyDone;
    if (left == 0) {
      text += tr(" — nothing left to train");
    } else if (check.etaSeconds >= 0) {
      text += tr(" — ETA ~%1 for %2 job(s)")
                  .arg(QueueModel::formatDuration(check.etaSeconds))
                  .arg(left);
    } else {
      text += tr(" — ETA unknown until similar jobs have run in this store");
    }
  }
  summary_->setText(text);
  Q_EMIT checked(check_);
}

}  // namespace w2s
