#pragma once
// The run browser's table: one row per job of the store, columns for the config labels and the
// results; tags and notes are editable and written back to the store.
#include <QAbstractTableModel>
#include <QStringList>
#include <QVariantMap>
#include <memory>
#include <optional>
#include <vector>

#include "core/store/RunStore.h"

namespace w2s {

class RunTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    Kind,
    Status,
    Task,
    View,
    WeakSize,
    StrongSize,
    Loss,
    Seed,
    Params,
    FinalAcc,
    BestAcc,
    BestStep,
    Seconds,
    Tags,
    Notes,
    Hash,
    ColumnCount
  };
  enum Role {
    SortRole = Qt::UserRole + 1,  ///< numbers for numeric columns, text otherwise
    FieldsRole,                   ///< QVariantMap: every column and flattened config field
    HashRole,                     ///< the job's hash
  };

  explicit RunTableModel(QObject* parent = nullptr);

  /// Shows the jobs of `store` (nullptr: empty), of one sweep or of the whole store.
  void setStore(std::shared_ptr<RunStore> store, std::optional<int64_t> sweepId = std::nullopt);
  std::shared_ptr<RunStore> store() const { return store_; }
  /// Re-reads the store, updating rows in place so selections survive a live refresh.
  void reload();

  /// The record shown in `row` (nullptr if out of range).
  const JobRecord* record(int row) const;
  /// Row of a job, or -1.
  int rowOf(const QString& hash) const;
  /// Every field name rows can be filtered or grouped by (columns first, then config paths).
  QStringList fieldNames() const;
  /// The field key of a column, e.g. "weak_size".
  static QString columnKey(int column);

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  int columnCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

 Q_SIGNALS:
  /// Reading or writing the store failed; the model keeps its previous rows.
  void storeError(const QString& message);

 private:
  struct Row {
    JobRecord record;
    QVariantMap fields;
  };
  static Row makeRow(JobRecord record);
  static QVariant cellText(const Row& row, int column);
  static QVariant cellSort(const Row& row, int column);

  std::shared_ptr<RunStore> store_;
  std::optional<int64_t> sweepId_;
  std::vector<Row> rows_;
};

}  // namespace w2s
