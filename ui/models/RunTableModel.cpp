#include "ui/models/RunTableModel.h"

#include <QBrush>
#include <QColor>
#include <QSet>
#include <exception>
#include <unordered_map>

#include "ui/models/JobLabel.h"

namespace w2s {

namespace {

QString label(const JobRecord& r, const char* key) {
  if (!r.labels.is_object() || !r.labels.contains(key)) return QString();
  return jsonText(r.labels.at(key));
}

bool finished(const JobRecord& r) { return r.status == JobStatus::Done; }

bool sameShown(const JobRecord& a, const JobRecord& b) {
  return a.status == b.status && a.finalAcc == b.finalAcc && a.bestAcc == b.bestAcc &&
         a.bestStep == b.bestStep && a.seconds == b.seconds && a.tags == b.tags &&
         a.notes == b.notes && a.paramCount == b.paramCount && a.error == b.error;
}

}  // namespace

RunTableModel::RunTableModel(QObject* parent) : QAbstractTableModel(parent) {}

QString RunTableModel::columnKey(int column) {
  static const char* const kKeys[ColumnCount] = {
      "kind",   "status",    "task",     "view",      "weak_size", "strong_size", "loss",  "seed",
      "params", "final_acc", "best_acc", "best_step", "seconds",   "tags",        "notes", "hash"};
  if (column < 0 || column >= ColumnCount) return QString();
  return QString::fromLatin1(kKeys[column]);
}

RunTableModel::Row RunTableModel::makeRow(JobRecord record) {
  Row row;
  row.record = std::move(record);
  // Config paths first, so the column values (what the table shows) win on equal keys.
  flattenJson(row.record.config, QString(), row.fields);
  for (int c = 0; c < ColumnCount; ++c) row.fields.insert(columnKey(c), cellText(row, c));
  row.fields.insert(QStringLiteral("label"), jobLabel(row.record.kind, row.record.labels));
  return row;
}

void RunTableModel::setStore(std::shared_ptr<RunStore> store, std::optional<int64_t> sweepId) {
  beginResetModel();
  store_ = std::move(store);
  sweepId_ = sweepId;
  rows_.clear();
  endResetModel();
  reload();
}

void RunTableModel::reload() {
  if (!store_) return;
  std::vector<JobRecord> fresh;
  try {
    fresh = store_->jobs(sweepId_);
  } catch (const std::exception& e) {
    Q_EMIT storeError(QString::fromUtf8(e.what()));
    return;
  }
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < fresh.size(); ++i) index.emplace(fresh[i].hash, i);

  // Remove rows whose job vanished (another store file, a deleted sweep), bottom-up.
  for (int r = static_cast<int>(rows_.size()) - 1; r >= 0; --r) {
    if (index.count(rows_[static_cast<size_t>(r)].record.hash)) continue;
    beginRemoveRows(QModelIndex(), r, r);
    rows_.erase(rows_.begin() + r);
    endRemoveRows();
  }
  // Update the remaining rows in place.
  std::unordered_map<std::string, int> shown;
  for (int r = 0; r < static_cast<int>(rows_.size()); ++r) {
    Row& row = rows_[static_cast<size_t>(r)];
    shown.emplace(row.record.hash, r);
    const JobRecord& now = fresh[index.at(row.record.hash)];
    if (sameShown(row.record, now)) continue;
    row = makeRow(now);
    Q_EMIT dataChanged(this->index(r, 0), this->index(r, ColumnCount - 1));
  }
  // Append new jobs in store order.
  std::vector<Row> added;
  for (const auto& rec : fresh) {
    if (!shown.count(rec.hash)) added.push_back(makeRow(rec));
  }
  if (!added.empty()) {
    const int first = static_cast<int>(rows_.size());
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(added.size()) - 1);
    for (auto& row : added) rows_.push_back(std::move(row));
    endInsertRows();
  }
}

const JobRecord* RunTableModel::record(int row) const {
  if (row < 0 || row >= static_cast<int>(rows_.size())) return nullptr;
  return &rows_[static_cast<size_t>(row)].record;
}

int RunTableModel::rowOf(const QString& hash) const {
  const std::string h = hash.toStdString();
  for (size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i].record.hash == h) return static_cast<int>(i);
  }
  return -1;
}

QStringList RunTableModel::fieldNames() const {
  QStringList names;
  for (int c = 0; c < ColumnCount; ++c) names << columnKey(c);
  QSet<QString> seen(names.begin(), names.end());
  QStringList config;
  for (const auto& row : rows_) {
    for (auto it = row.fields.cbegin(); it != row.fields.cend(); ++it) {
      if (!seen.contains(it.key())) {
        seen.insert(it.key());
        config << it.key();
      }
    }
  }
  config.sort();
  return names + config;
}

int RunTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int RunTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunTableModel::cellText(const Row& row, int column) {
  const JobRecord& r = row.record;
  switch (column) {
    case Kind:
      return QLatin1String(toString(r.kind));
    case Status:
      return QLatin1String(toString(r.status));
    case Task: {
      const QString t = label(r, "task");
      return t.isEmpty() && r.config.contains("task")
                 ? jsonText(r.config.at("task").value("dataset", ""))
                 : t;
    }
    case View:
      return label(r, "view");
    case WeakSize: {
      const QString s = label(r, "weak_size");
      return s.isEmpty() && r.kind == JobKind::Weak ? label(r, "size") : s;
    }
    case StrongSize: {
      const QString s = label(r, "strong_size");
      return s.isEmpty() && r.kind != JobKind::Weak ? label(r, "size") : s;
    }
    case Loss:
      return label(r, "loss");
    case Seed: {
      const QString s = label(r, "seed");
      return s.isEmpty() && r.config.contains("seed") ? jsonText(r.config.at("seed")) : s;
    }
    case Params:
      return r.paramCount > 0 ? QString::number(r.paramCount) : QString();
    case FinalAcc:
      return finished(r) ? QString::number(r.finalAcc, 'f', 4) : QString();
    case BestAcc:
      return finished(r) ? QString::number(r.bestAcc, 'f', 4) : QString();
    case BestStep:
      return finished(r) ? QString::number(r.bestStep) : QString();
    case Seconds:
      return r.seconds > 0 ? QString::number(r.seconds, 'f', 1) : QString();
    case Tags:
      return QString::fromStdString(r.tags);
    case Notes:
      return QString::fromStdString(r.notes);
    case Hash:
      return QString::fromStdString(r.hash);
    default:
      return QVariant();
  }
}

QVariant RunTableModel::cellSort(const Row& row, int column) {
  const JobRecord& r = row.record;
  // Unfinished jobs sort below every finished one on the result columns.
  switch (column) {
    case Params:
      return static_cast<qlonglong>(r.paramCount);
    case FinalAcc:
      return finished(r) ? r.finalAcc : -1.0;
    case BestAcc:
      return finished(r) ? r.bestAcc : -1.0;
    case BestStep:
      return finished(r) ? static_cast<qlonglong>(r.bestStep) : -1LL;
    case Seconds:
      return r.seconds;
    case Seed: {
      bool ok = false;
      const qlonglong s = cellText(row, column).toString().toLongLong(&ok);
      return ok ? QVariant(s) : cellText(row, column);
    }
    default:
      return cellText(row, column).toString().toLower();
  }
}

QVariant RunTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return QVariant();
  }
  const Row& row = rows_[static_cast<size_t>(index.row())];
  const int column = index.column();
  switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
      return cellText(row, column);
    case SortRole:
      return cellSort(row, column);
    case FieldsRole:
      return row.fields;
    case HashRole:
      return QString::fromStdString(row.record.hash);
    case Qt::TextAlignmentRole:
      if (column >= Seed && column <= Seconds) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
      }
      return QVariant();
    case Qt::ForegroundRole:
      if (column == Status &&
          (row.record.status == JobStatus::Failed || row.record.status == JobStatus::Cancelled)) {
        return QBrush(QColor(0xD5, 0x5E, 0x00));  // Okabe–Ito vermillion: readable light and dark
      }
      return QVariant();
    case Qt::ToolTipRole:
      if (column == Status && !row.record.error.empty()) {
        return QString::fromStdString(row.record.error);
      }
      if (column == Status && row.record.status == JobStatus::Running &&
          !row.record.owner.empty()) {
        // Claimed by some process (this window's or another's): who, and how far it got.
        QString tip = tr("claimed by %1").arg(QString::fromStdString(row.record.owner));
        if (row.record.progressTotal > 0) {
          tip += tr(", step %1 of %2").arg(row.record.progressStep).arg(row.record.progressTotal);
        }
        return tip;
      }
      if (column == Notes || column == Tags) return cellText(row, column);
      return QVariant();
    default:
      return QVariant();
  }
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  static const char* const kTitles[ColumnCount] = {
      QT_TR_NOOP("Kind"),      QT_TR_NOOP("Status"),    QT_TR_NOOP("Task"),
      QT_TR_NOOP("View"),      QT_TR_NOOP("Weak size"), QT_TR_NOOP("Strong size"),
      QT_TR_NOOP("Loss"),      QT_TR_NOOP("Seed"),      QT_TR_NOOP("Params"),
      QT_TR_NOOP("Final acc"), QT_TR_NOOP("Best acc"),  QT_TR_NOOP("Best step"),
      QT_TR_NOOP("Seconds"),   QT_TR_NOOP("Tags"),      QT_TR_NOOP("Notes"),
      QT_TR_NOOP("Hash")};
  if (role == Qt::DisplayRole) return tr(kTitles[section]);
  if (role == Qt::ToolTipRole) {
    return tr("Filter with %1=VALUE").arg(columnKey(section));
  }
  return QVariant();
}

Qt::ItemFlags RunTableModel::flags(const QModelIndex& index) const {
  Qt::ItemFlags f = QAbstractTableModel::flags(index);
  if (index.isValid() && (index.column() == Tags || index.column() == Notes)) {
    f |= Qt::ItemIsEditable;
  }
  return f;
}

bool RunTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::EditRole || !store_ ||
      !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
      (index.column() != Tags && index.column() != Notes)) {
    return false;
  }
  Row& row = rows_[static_cast<size_t>(index.row())];
  const std::string text = value.toString().trimmed().toStdString();
  try {
    if (index.column() == Tags) {
      store_->setTags(row.record.hash, text);
      row.record.tags = text;
    } else {
      store_->setNotes(row.record.hash, text);
      row.record.notes = text;
    }
  } catch (const std::exception& e) {
    Q_EMIT storeError(QString::fromUtf8(e.what()));
    return false;
  }
  row.fields.insert(columnKey(index.column()), QString::fromStdString(text));
  Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole, SortRole, FieldsRole});
  return true;
}

}  // namespace w2s
