#pragma once
// Runs grouped by one field (any column or config path): a tree with one parent per value,
// its runs as children, and the mean final and best test accuracy of the finished runs.
#include <QStandardItemModel>
#include <QString>

namespace w2s {

class RunGroupModel : public QStandardItemModel {
  Q_OBJECT
 public:
  enum Column { Group, Runs, Done, MeanFinal, MeanBest, ColumnCount };
  enum Role {
    SortRole = Qt::UserRole + 1,  ///< numbers for numeric cells
    HashRole,                     ///< children: the run's hash
  };

  explicit RunGroupModel(QObject* parent = nullptr);

  /// Rebuilds the tree from the rows of `runs` (a RunTableModel or a proxy over one), grouped by
  /// `field`. Rows without the field fall into the group "(none)".
  void rebuild(const QAbstractItemModel* runs, const QString& field);
  QString field() const { return field_; }

 private:
  QString field_;
};

}  // namespace w2s
