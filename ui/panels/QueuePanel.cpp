#include "ui/panels/QueuePanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/bridge/TrainingController.h"
#include "ui/models/QueueModel.h"
#include "ui/panels/ProgressDelegate.h"

namespace w2s {

QueuePanel::QueuePanel(QueueModel* model, TrainingController* controller, QWidget* parent)
    : QWidget(parent), model_(model), controller_(controller) {
  view_ = new QTableView(this);
  view_->setModel(model_);
  view_->setItemDelegateForColumn(QueueModel::Progress,
                                  new ProgressDelegate(QueueModel::ProgressRole, view_));
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::SingleSelection);
  view_->verticalHeader()->setVisible(false);
  view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 10);
  view_->setAlternatingRowColors(true);
  view_->setWordWrap(false);
  auto* header = view_->horizontalHeader();
  header->setSectionResizeMode(QHeaderView::ResizeToContents);
  header->setSectionResizeMode(QueueModel::Job, QHeaderView::Stretch);
  header->setSectionResizeMode(QueueModel::Progress, QHeaderView::Fixed);
  header->resizeSection(QueueModel::Progress, 200);

  summary_ = new QLabel(tr("No sweep running."), this);
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  progress_->setTextVisible(true);
  progress_->setFormat(QStringLiteral("%p%"));
  cancelJob_ =
      new QPushButton(style()->standardIcon(QStyle::SP_DialogCancelButton), tr("Cancel job"), this);
  cancelJob_->setToolTip(tr("Stop the selected job (it is stored as cancelled)"));
  cancelSweep_ =
      new QPushButton(style()->standardIcon(QStyle::SP_BrowserStop), tr("Cancel sweep"), this);
  cancelSweep_->setToolTip(tr("Stop every job of the sweep (Ctrl+.); finished jobs stay stored"));
  connect(cancelJob_, &QPushButton::clicked, this, &QueuePanel::cancelSelected);
  connect(cancelSweep_, &QPushButton::clicked, controller_, &TrainingController::cancelAll);

  auto* top = new QHBoxLayout;
  top->addWidget(summary_, 1);
  top->addWidget(cancelJob_);
  top->addWidget(cancelSweep_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(progress_);
  layout->addWidget(view_, 1);

  clock_ = new QTimer(this);
  clock_->setInterval(1000);
  connect(clock_, &QTimer::timeout, model_, &QueueModel::tick);
  connect(clock_, &QTimer::timeout, this, &QueuePanel::refresh);
  clock_->start();
  // Progress signals are throttled upstream (10 per second per job), so refresh on each.
  connect(model_, &QAbstractItemModel::dataChanged, this, &QueuePanel::refresh);
  connect(model_, &QAbstractItemModel::rowsRemoved, this, &QueuePanel::refresh);
  connect(model_, &QAbstractItemModel::modelReset, this, &QueuePanel::refresh);
  connect(controller_, &TrainingController::runningChanged, this, &QueuePanel::refresh);
  connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &QueuePanel::refresh);
  refresh();
}

QString QueuePanel::progressText() const {
  const QString others =
      model_->externalCount() > 0
          ? tr(" — %n job(s) of other processes on this store", nullptr, model_->externalCount())
          : QString();
  if (model_->planned() == 0) return tr("No sweep running here.") + others;
  const double eta = model_->sweepEtaSeconds();
  QString text = tr("%1 / %2 jobs finished — %3 running — %4%")
                     .arg(model_->finishedCount())
                     .arg(model_->planned())
                     .arg(model_->runningCount())
                     .arg(qRound(model_->sweepFraction() * 100));
  if (controller_->isRunning()) {
    text += tr(" — ETA %1").arg(QueueModel::formatDuration(eta));
  } else {
    text += tr(" — stopped");
  }
  return text + others;
}

void QueuePanel::refresh() {
  summary_->setText(progressText());
  progress_->setValue(qRound(model_->sweepFraction() * 1000));
  const bool running = controller_->isRunning();
  cancelSweep_->setEnabled(running);
  cancelJob_->setEnabled(running && view_->selectionModel()->hasSelection());
}

void QueuePanel::cancelSelected() {
  const QModelIndexList rows = view_->selectionModel()->selectedRows();
  // Jobs other processes train are theirs to cancel.
  for (const QModelIndex& row : rows) {
    if (!model_->isElsewhere(row.row())) controller_->cancelJob(model_->hashAt(row.row()));
  }
}

}  // namespace w2s
