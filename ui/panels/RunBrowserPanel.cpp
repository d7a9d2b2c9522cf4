#include "ui/panels/RunBrowserPanel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>
#include <exception>
#include <set>

#include "core/store/RunStore.h"
#include "ui/models/JobLabel.h"
#include "ui/models/RunFilterProxy.h"
#include "ui/models/RunGroupModel.h"
#include "ui/models/RunTableModel.h"
#include "ui/panels/CompareDialog.h"

namespace w2s {

RunBrowserPanel::RunBrowserPanel(QWidget* parent) : QWidget(parent) {
  model_ = new RunTableModel(this);
  proxy_ = new RunFilterProxy(this);
  proxy_->setSourceModel(model_);
  groups_ = new RunGroupModel(this);

  sweep_ = new QComboBox(this);
  sweep_->setToolTip(tr("Show the jobs of one sweep or of the whole store"));
  sweep_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  filter_ = new QLineEdit(this);
  filter_->setClearButtonEnabled(true);
  filter_->setPlaceholderText(tr(
      "Filter: words, or field=value (loss=logconf  strong_size=w256  final_acc>0.8  lr=0.001)"));
  groupBy_ = new QComboBox(this);
  groupBy_->setToolTip(tr("Group runs by any column or config field; groups show mean accuracies"));
  compare_ = new QPushButton(tr("Compare"), this);
  compare_->setToolTip(tr("Select two runs to compare their configs (only differences)"));
  compare_->setEnabled(false);
  count_ = new QLabel(this);

  table_ = new QTableView(this);
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(-1, Qt::AscendingOrder);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                          QAbstractItemView::SelectedClicked);
  table_->setAlternatingRowColors(true);
  table_->setWordWrap(false);
  table_->verticalHeader()->setVisible(false);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->horizontalHeader()->setSectionsMovable(true);

  tree_ = new QTreeView(this);
  tree_->setModel(groups_);
  tree_->setSortingEnabled(true);
  tree_->setAlternatingRowColors(true);
  tree_->setUniformRowHeights(true);

  stack_ = new QStackedWidget(this);
  stack_->addWidget(table_);
  stack_->addWidget(tree_);

  details_ = new QPlainTextEdit(this);
  details_->setReadOnly(true);
  details_->setPlaceholderText(
      tr("Select a run to see its exact config (double-click Tags or "
         "Notes to edit them)"));
  QFont mono(QStringLiteral("monospace"));
  mono.setStyleHint(QFont::Monospace);
  details_->setFont(mono);

  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(stack_);
  split->addWidget(details_);
  split->setStretchFactor(0, 4);
  split->setStretchFactor(1, 1);

  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Sweep"), this));
  bar->addWidget(sweep_);
  bar->addWidget(filter_, 1);
  bar->addWidget(new QLabel(tr("Group by"), this));
  bar->addWidget(groupBy_);
  bar->addWidget(compare_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addWidget(split, 1);
  layout->addWidget(count_);

  reloadTimer_ = new QTimer(this);
  reloadTimer_->setSingleShot(true);
  reloadTimer_->setInterval(300);
  connect(reloadTimer_, &QTimer::timeout, this, &RunBrowserPanel::reload);

  connect(filter_, &QLineEdit::textChanged, proxy_, &RunFilterProxy::setFilterText);
  connect(groupBy_, &QComboBox::activated, this,
          [this] { setGroupField(groupBy_->currentData().toString()); });
  connect(sweep_, &QComboBox::activated, this, [this] {
    const qint64 id = sweep_->currentData().toLongLong();
    setSweep(id < 0 ? std::nullopt : std::optional<int64_t>(id));
    Q_EMIT sweepSelected(id);
  });
  connect(compare_, &QPushButton::clicked, this, &RunBrowserPanel::compareSelected);
  connect(model_, &RunTableModel::storeError, this, &RunBrowserPanel::errorOccurred);
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &RunBrowserPanel::updateDetails);
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    if (selectingStudents_) return;
    std::vector<std::string> students;
    for (const QModelIndex& row : table_->selectionModel()->selectedRows()) {
      const JobRecord* r = model_->record(proxy_->mapToSource(row).row());
      if (r && r->kind == JobKind::Student) students.push_back(r->hash);
    }
    if (!students.empty()) Q_EMIT studentsSelected(students);
  });
  // Grouping and counts follow the filter and live reloads.
  auto regroup = [this] {
    if (!groups_->field().isEmpty()) groups_->rebuild(proxy_, groups_->field());
    count_->setText(tr("%1 of %2 runs shown").arg(proxy_->rowCount()).arg(model_->rowCount()));
  };
  connect(proxy_, &QAbstractItemModel::modelReset, this, regroup);
  connect(proxy_, &QAbstractItemModel::rowsInserted, this, regroup);
  connect(proxy_, &QAbstractItemModel::rowsRemoved, this, regroup);
  connect(proxy_, &QAbstractItemModel::layoutChanged, this, regroup);
  connect(model_, &QAbstractItemModel::dataChanged, this, regroup);
  refreshGroupFields();
  regroup();
}

void RunBrowserPanel::setStore(std::shared_ptr<RunStore> store) {
  store_ = std::move(store);
  model_->setStore(store_);
  refreshSweepList();
  refreshGroupFields();
  table_->resizeColumnsToContents();
  updateDetails();
}

void RunBrowserPanel::setSweep(std::optional<int64_t> sweepId) {
  model_->setStore(store_, sweepId);
  const int i = sweep_->findData(static_cast<qlonglong>(sweepId.value_or(-1)));
  if (i >= 0) sweep_->setCurrentIndex(i);
  refreshGroupFields();
}

void RunBrowserPanel::scheduleReload() {
  if (!reloadTimer_->isActive()) reloadTimer_->start();
}

void RunBrowserPanel::reload() {
  model_->reload();
  refreshSweepList();
  refreshGroupFields();
  updateDetails();
}

void RunBrowserPanel::refreshSweepList() {
  const qlonglong current =
      sweep_->currentData().isValid() ? sweep_->currentData().toLongLong() : -1;
  const QSignalBlocker block(sweep_);
  sweep_->clear();
  sweep_->addItem(tr("All runs"), -1LL);
  if (!store_) return;
  try {
    for (const SweepRecord& s : store_->sweeps()) {
      sweep_->addItem(
          QStringLiteral("#%1 %2 (%3)")
              .arg(s.id)
              .arg(QString::fromStdString(s.name), QString::fromStdString(s.createdAt).left(16)),
          static_cast<qlonglong>(s.id));
    }
  } catch (const std::exception& e) {
    Q_EMIT errorOccurred(QString::fromUtf8(e.what()));
  }
  const int i = sweep_->findData(current);
  sweep_->setCurrentIndex(i < 0 ? 0 : i);
}

void RunBrowserPanel::refreshGroupFields() {
  const QString current = groupBy_->currentData().toString();
  const QStringList fields = model_->fieldNames();
  const QSignalBlocker block(groupBy_);
  groupBy_->clear();
  groupBy_->addItem(tr("(no grouping)"), QString());
  for (const QString& f : fields) {
    if (f == QLatin1String("hash") || f == QLatin1String("notes")) continue;
    groupBy_->addItem(f, f);
  }
  const int i = groupBy_->findData(current);
  groupBy_->setCurrentIndex(i < 0 ? 0 : i);
}

void RunBrowserPanel::setGroupField(const QString& field) {
  const int i = groupBy_->findData(field);
  if (i >= 0) groupBy_->setCurrentIndex(i);
  if (field.isEmpty()) {
    groups_->rebuild(nullptr, QString());
    stack_->setCurrentWidget(table_);
    return;
  }
  groups_->rebuild(proxy_, field);
  stack_->setCurrentWidget(tree_);
  tree_->resizeColumnToContents(0);
}

void RunBrowserPanel::updateDetails() {
  const QModelIndexList rows = table_->selectionModel()->selectedRows();
  compare_->setEnabled(rows.size() == 2);
  if (rows.size() != 1) {
    details_->clear();
    return;
  }
  const JobRecord* r = model_->record(proxy_->mapToSource(rows.front()).row());
  if (!r) return;
  QString text = jobLabel(r->kind, r->labels) + QLatin1Char('\n');
  text +=
      tr("hash %1 — %2").arg(QString::fromStdString(r->hash), QLatin1String(toString(r->status)));
  if (!r->startedAt.empty()) {
    text += tr(" — started %1, finished %2")
                .arg(QString::fromStdString(r->startedAt), QString::fromStdString(r->finishedAt));
  }
  if (!r->error.empty())
    text += QLatin1Char('\n') + tr("error: %1").arg(QString::fromStdString(r->error));
  text += QStringLiteral("\n\nconfig:\n") + QString::fromStdString(r->config.dump(2));
  details_->setPlainText(text);
}

void RunBrowserPanel::compareSelected() {
  const QModelIndexList rows = table_->selectionModel()->selectedRows();
  if (rows.size() != 2) return;
  const JobRecord* a = model_->record(proxy_->mapToSource(rows[0]).row());
  const JobRecord* b = model_->record(proxy_->mapToSource(rows[1]).row());
  if (!a || !b) return;
  auto* dialog = new CompareDialog(*a, *b, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->show();
}

void RunBrowserPanel::selectStudents(const std::vector<std::string>& hashes) {
  const std::set<std::string> wanted(hashes.begin(), hashes.end());
  QItemSelection selection;
  for (int r = 0; r < model_->rowCount(); ++r) {
    const JobRecord* rec = model_->record(r);
    if (!rec || !wanted.count(rec->hash)) continue;
    const QModelIndex shown = proxy_->mapFromSource(model_->index(r, 0));
    if (shown.isValid()) selection.select(shown, shown);
  }
  selectingStudents_ = true;
  table_->selectionModel()->select(selection,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  selectingStudents_ = false;
}

}  // namespace w2s
