#pragma once
// Running and pending jobs of the current sweep, with progress and ETA, fed by the
// TrainingController's signals. Finished jobs leave the queue and are counted.
#include <QAbstractTableModel>
#include <QString>
#include <functional>
#include <vector>

#include "core/job/JobStatus.h"

namespace w2s {

class QueueModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Job, Kind, Status, Progress, Loss, Elapsed, Eta, ColumnCount };
  enum Role {
    ProgressRole = Qt::UserRole + 1,  ///< double in [0, 1]; invalid for pending jobs
    HashRole,
  };
  /// A job waiting to run.
  struct Pending {
    QString hash, kind, label;
  };

  /// A job another process (another `w2s run`, a cluster task) is training on the same store.
  struct External {
    QString hash, kind, label;
    QString owner;  ///< e.g. "host pid 4242"
    qint64 step = 0, total = 0;
  };

  explicit QueueModel(QObject* parent = nullptr);

  /// Milliseconds since an arbitrary origin; tests inject a fake clock.
  void setClock(std::function<qint64()> nowMs);

  /// Starts a new sweep: `pending` are the jobs still to run, `planned` and `alreadyDone` as
  /// reported by the runner (already done jobs count as finished).
  void startSweep(const std::vector<Pending>& pending, int planned, int alreadyDone);
  void clear();
  /// Shows the jobs other processes train: a job of this sweep's queue is marked "running
  /// elsewhere" in place; others are listed after this window's rows. Never cancellable here.
  void setExternal(const std::vector<External>& jobs);
  /// Rows listed for other processes' jobs (not this sweep's).
  int externalCount() const { return static_cast<int>(external_.size()); }
  /// True when the row's job is being trained by another process.
  bool isElsewhere(int row) const;

  QString hashAt(int row) const;
  int rowOf(const QString& hash) const;
  int planned() const { return planned_; }
  int finishedCount() const { return finished_; }
  int runningCount() const;
  /// Fraction of the sweep done, counting running jobs by their progress.
  double sweepFraction() const;
  /// Seconds until the sweep ends (-1 while unknown).
  double sweepEtaSeconds() const;
  /// ETA of one row's job in seconds (-1 while unknown).
  double etaSeconds(int row) const;
  /// "1 h 02 min", "3 min 05 s", "12 s", "—".
  static QString formatDuration(double seconds);

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  int columnCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 public Q_SLOTS:
  void onJobStarted(const QString& hash, const QString& kind, const QString& label);
  void onJobProgress(const QString& hash, qint64 step, qint64 total, double loss);
  /// A job of this window's sweep ended; a trained one (Done) counts towards the ETA.
  void onJobFinished(const QString& hash, w2s::JobOutcome outcome, double seconds);
  /// Refreshes the time columns (call about once a second).
  void tick();

 private:
  struct Entry {
    QString hash, kind, label;
    bool running = false;
    qint64 step = 0, total = 0;
    double loss = 0.0;
    bool hasLoss = false;
    qint64 startedMs = 0;
    QString elsewhere;  ///< not running here: the process that trains it
  };
  const Entry& entryAt(int row) const;
  double elapsed(const Entry& e) const;
  double eta(const Entry& e) const;

  std::function<qint64()> now_;
  std::vector<Entry> entries_;
  std::vector<Entry> external_;  ///< other processes' jobs, shown after entries_
  int planned_ = 0;
  int finished_ = 0;
  double finishedSeconds_ = 0.0;  ///< wall time of the jobs finished during this sweep
  int finishedTimed_ = 0;
};

}  // namespace w2s
