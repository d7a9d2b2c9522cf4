#pragma once
// The run browser: every job of the store in a sortable, filterable table, grouped by any field
// on demand, with tags/notes editing, run details and "compare two runs".
#include <QWidget>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTimer;
class QTreeView;

namespace w2s {

class RunStore;
class RunTableModel;
class RunFilterProxy;
class RunGroupModel;

class RunBrowserPanel : public QWidget {
  Q_OBJECT
 public:
  explicit RunBrowserPanel(QWidget* parent = nullptr);

  /// Shows the store (GUI-thread connection, shared with other GUI-thread readers).
  void setStore(std::shared_ptr<RunStore> store);
  /// Limits the table to one sweep (nullopt = every job of the store).
  void setSweep(std::optional<int64_t> sweepId);

  RunTableModel* model() const { return model_; }
  RunFilterProxy* proxy() const { return proxy_; }
  RunGroupModel* groups() const { return groups_; }
  QTableView* table() const { return table_; }
  QLineEdit* filterEdit() const { return filter_; }
  QComboBox* groupByCombo() const { return groupBy_; }
  QPushButton* compareButton() const { return compare_; }

 public Q_SLOTS:
  /// Re-reads the store soon (coalesced: many finished jobs cause one read).
  void scheduleReload();
  /// Re-reads the store now.
  void reload();
  /// Opens the comparison of the two selected runs.
  void compareSelected();
  /// Selects exactly the rows of these jobs (those the filter shows), as figure 1's picker has
  /// them checked; emits no studentsSelected.
  void selectStudents(const std::vector<std::string>& hashes);
  /// Groups by `field` ("" = no grouping).
  void setGroupField(const QString& field);

 Q_SIGNALS:
  /// The sweep chosen in the browser's sweep list (-1 = all).
  void sweepSelected(qint64 sweepId);
  /// The student jobs among the selected rows (empty: none selected); the figures draw their
  /// curves, so one selection serves the runs table and figure 1.
  void studentsSelected(const std::vector<std::string>& hashes);
  void errorOccurred(const QString& message);

 private:
  void refreshSweepList();
  bool selectingStudents_ = false;  ///< selectStudents is changing the selection
  void refreshGroupFields();
  void updateDetails();

  std::shared_ptr<RunStore> store_;
  RunTableModel* model_;
  RunFilterProxy* proxy_;
  RunGroupModel* groups_;
  QComboBox* sweep_;
  QLineEdit* filter_;
  QComboBox* groupBy_;
  QPushButton* compare_;
  QLabel* count_;
  QStackedWidget* stack_;
  QTableView* table_;
  QTreeView* tree_;
  QPlainTextEdit* details_;
  QTimer* reloadTimer_;
};

}  // namespace w2s
