#include "ui/models/QueueModel.h"

#include <QDateTime>
#include <algorithm>

namespace w2s {

QueueModel::QueueModel(QObject* parent)
    : QAbstractTableModel(parent), now_([] { return QDateTime::currentMSecsSinceEpoch(); }) {}

void QueueModel::setClock(std::function<qint64()> nowMs) { now_ = std::move(nowMs); }

void QueueModel::startSweep(const std::vector<Pending>& pending, int planned, int alreadyDone) {
  beginResetModel();
  entries_.clear();
  for (const auto& p : pending) {
    Entry e;
    e.hash = p.hash;
    e.kind = p.kind;
    e.label = p.label;
    entries_.push_back(e);
  }
  planned_ = planned;
  finished_ = alreadyDone;
  finishedSeconds_ = 0.0;
  finishedTimed_ = 0;
  endResetModel();
}

void QueueModel::clear() {
  startSweep({}, 0, 0);
  setExternal({});
}

const QueueModel::Entry& QueueModel::entryAt(int row) const {
  const size_t r = static_cast<size_t>(row);
  return r < entries_.size() ? entries_[r] : external_[r - entries_.size()];
}

void QueueModel::setExternal(const std::vector<External>& jobs) {
  std::vector<Entry> others;
  std::vector<bool> mine(entries_.size(), false);
  for (const External& x : jobs) {
    const int row = rowOf(x.hash);
    if (row >= 0) {
      Entry& e = entries_[static_cast<size_t>(row)];
      mine[static_cast<size_t>(row)] = true;
      if (e.running) continue;  // this window trains it (the store may lag behind)
      e.elsewhere = x.owner;
      e.step = x.step;
      e.total = x.total;
      continue;
    }
    Entry e;
    e.hash = x.hash;
    e.kind = x.kind;
    e.label = x.label;
    e.elsewhere = x.owner;
    e.step = x.step;
    e.total = x.total;
    others.push_back(e);
  }
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (!mine[i] && !entries_[i].running) entries_[i].elsewhere.clear();
  }
  if (!entries_.empty()) {
    Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(entries_.size()) - 1, ColumnCount - 1));
  }
  const int first = static_cast<int>(entries_.size());
  if (!external_.empty()) {
    beginRemoveRows(QModelIndex(), first, first + static_cast<int>(external_.size()) - 1);
    external_.clear();
    endRemoveRows();
  }
  if (!others.empty()) {
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(others.size()) - 1);
    external_ = std::move(others);
    endInsertRows();
  }
}

bool QueueModel::isElsewhere(int row) const {
  if (row < 0 || row >= rowCount()) return false;
  const Entry& e = entryAt(row);
  return !e.running && !e.elsewhere.isEmpty();
}

QString QueueModel::hashAt(int row) const {
  if (row < 0 || row >= rowCount()) return QString();
  return entryAt(row).hash;
}

int QueueModel::rowOf(const QString& hash) const {
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].hash == hash) return static_cast<int>(i);
  }
  return -1;
}

int QueueModel::runningCount() const {
  return static_cast<int>(
      std::count_if(entries_.begin(), entries_.end(), [](const Entry& e) { return e.running; }));
}

double QueueModel::elapsed(const Entry& e) const {
  return e.running ? std::max<qint64>(0, now_() - e.startedMs) / 1000.0 : 0.0;
}

double QueueModel::eta(const Entry& e) const {
  if (!e.running || e.step <= 0 || e.total <= 0) return -1.0;
  const double t = elapsed(e);
  return t * static_cast<double>(std::max<qint64>(0, e.total - e.step)) / e.step;
}

double QueueModel::etaSeconds(int row) const {
  if (row < 0 || row >= static_cast<int>(entries_.size())) return -1.0;
  return eta(entries_[static_cast<size_t>(row)]);
}

double QueueModel::sweepFraction() const {
  if (planned_ <= 0) return 0.0;
  double done = finished_;
  for (const auto& e : entries_) {
    if (e.running && e.total > 0) done += static_cast<double>(e.step) / e.total;
  }
  return std::clamp(done / planned_, 0.0, 1.0);
}

double QueueModel::sweepEtaSeconds() const {
  // Typical job length: measured on this sweep's finished jobs, else projected from the
  // running ones' progress.
  double perJob = -1.0, projected = 0.0;
  int projections = 0, pending = 0, running = 0;
  for (const auto& e : entries_) {
    if (!e.running) {
      ++pending;
      continue;
    }
    ++running;
    if (const double left = eta(e); left >= 0) {
      projected += elapsed(e) + left;
      ++projections;
    }
  }
  if (finishedTimed_ > 0) {
    perJob = finishedSeconds_ / finishedTimed_;
  } else if (projections > 0) {
    perJob = projected / projections;
  }
  if (running == 0 && pending == 0) return 0.0;
  // Remaining work in job-seconds, spread over the jobs that run at once.
  double remaining = 0.0;
  for (const auto& e : entries_) {
    if (!e.running) continue;
    double left = eta(e);
    if (left < 0) {  // started, no progress yet: a typical job minus what it has run
      if (perJob < 0) return -1.0;
      left = std::max(0.0, perJob - elapsed(e));
    }
    remaining += left;
  }
  if (pending > 0) {
    if (perJob < 0) return -1.0;
    remaining += pending * perJob;
  }
  return remaining / std::max(1, running);
}

QString QueueModel::formatDuration(double seconds) {
  if (seconds < 0) return QStringLiteral("—");
  const qint64 s = static_cast<qint64>(seconds + 0.5);
  if (s >= 3600) {
    return QStringLiteral("%1 h %2 min")
        .arg(s / 3600)
        .arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
  }
  if (s >= 60)
    return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1 s").arg(s);
}

int QueueModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(entries_.size() + external_.size());
}

int QueueModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueueModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return QVariant();
  }
  const Entry& e = entryAt(index.row());
  const double fraction = e.total > 0 ? static_cast<double>(e.step) / e.total : 0.0;
  const bool elsewhere = !e.running && !e.elsewhere.isEmpty();
  if (role == ProgressRole) {
    return e.running || (elsewhere && e.total > 0) ? QVariant(fraction) : QVariant();
  }
  if (role == HashRole) return e.hash;
  if (role == Qt::ToolTipRole) {
    return elsewhere ? tr("%1\ntrained by another process: %2").arg(e.hash, e.elsewhere) : e.hash;
  }
  if (role == Qt::TextAlignmentRole && index.column() >= Progress) {
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  }
  if (role != Qt::DisplayRole) return QVariant();
  switch (index.column()) {
    case Job:
      return e.label.isEmpty() ? e.hash : e.label;
    case Kind:
      return e.kind;
    case Status:
      if (elsewhere) return tr("running elsewhere (%1)").arg(e.elsewhere);
      return e.running ? tr("running") : tr("pending");
    case Progress:
      return e.total > 0 ? QStringLiteral("%1 / %2").arg(e.step).arg(e.total) : QString();
    case Loss:
      return e.hasLoss ? QString::number(e.loss, 'f', 4) : QString();
    case Elapsed:
      return e.running ? formatDuration(elapsed(e)) : QString();
    case Eta:
      return e.running ? formatDuration(eta(e)) : QString();
    default:
      return QVariant();
  }
}

QVariant QueueModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
    case Job:
      return tr("Job");
    case Kind:
      return tr("Kind");
    case Status:
      return tr("Status");
    case Progress:
      return tr("Progress");
    case Loss:
      return tr("Loss");
    case Elapsed:
      return tr("Elapsed");
    case Eta:
      return tr("ETA");
    default:
      return QVariant();
  }
}

void QueueModel::onJobStarted(const QString& hash, const QString& kind, const QString& label) {
  int row = rowOf(hash);
  const int target = runningCount();  // running jobs stay on top, in start order
  if (row < 0) {
    Entry e;
    e.hash = hash;
    beginInsertRows(QModelIndex(), target, target);
    entries_.insert(entries_.begin() + target, e);
    endInsertRows();
    row = target;
  } else if (row > target) {
    beginMoveRows(QModelIndex(), row, row, QModelIndex(), target);
    Entry e = entries_[static_cast<size_t>(row)];
    entries_.erase(entries_.begin() + row);
    entries_.insert(entries_.begin() + target, e);
    endMoveRows();
    row = target;
  }
  Entry& e = entries_[static_cast<size_t>(row)];
  e.kind = kind;
  if (!label.isEmpty()) e.label = label;
  e.running = true;
  e.elsewhere.clear();
  e.startedMs = now_();
  e.step = 0;
  e.hasLoss = false;
  Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void QueueModel::onJobProgress(const QString& hash, qint64 step, qint64 total, double loss) {
  const int row = rowOf(hash);
  if (row < 0) return;
  Entry& e = entries_[static_cast<size_t>(row)];
  e.step = step;
  e.total = total;
  e.loss = loss;
  e.hasLoss = true;
  Q_EMIT dataChanged(index(row, Status), index(row, ColumnCount - 1));
}

void QueueModel::onJobFinished(const QString& hash, JobOutcome outcome, double seconds) {
  ++finished_;
  if (outcome == JobOutcome::Done && seconds > 0) {
    finishedSeconds_ += seconds;
    ++finishedTimed_;
  }
  const int row = rowOf(hash);
  if (row < 0) return;
  beginRemoveRows(QModelIndex(), row, row);
  entries_.erase(entries_.begin() + row);
  endRemoveRows();
}

void QueueModel::tick() {
  if (entries_.empty()) return;
  Q_EMIT dataChanged(index(0, Elapsed), index(rowCount() - 1, Eta), {Qt::DisplayRole});
}

}  // namespace w2s
