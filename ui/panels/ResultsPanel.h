#pragma once
// The Results screen: `w2s report`'s headline and main table for the sweep the figures show, the
// same numbers, sortable by any column (numerically), filterable, copied as CSV or LaTeX.
// Unstable and undefined PGR cells are marked. Double-clicking a row opens its students' curves.
#include <QString>
#include <QWidget>
#include <string>
#include <vector>

#include "core/analysis/Report.h"
#include "core/analysis/ReportTable.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;
QT_END_NAMESPACE

namespace w2s {

class ResultsPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ResultsPanel(QWidget* parent = nullptr);

  /// The finished students of the sweep shown (FigureData::outcomes); rebuilds the table.
  void setOutcomes(const std::vector<StudentOutcome>& outcomes);
  /// The table shown (for tests and copying).
  const ReportTable& table() const { return table_; }
  QTableView* view() const { return view_; }
  QSortFilterProxyModel* proxy() const { return proxy_; }
  /// Rows as shown (sorted, filtered), as CSV (RFC 4180) or a LaTeX tabular.
  QString csv() const;
  QString latex() const;
  /// The student hashes behind the shown row `row` (all its seeds).
  std::vector<std::string> studentsOfRow(int row) const;

 Q_SIGNALS:
  /// The user asked for the curves of these students (double click on a row).
  void studentsChosen(const std::vector<std::string>& hashes);

 private:
  void rebuild();
  std::vector<std::vector<QString>> shownRows() const;

  std::vector<StudentOutcome> outcomes_;
  std::vector<ReportRow> rows_;
  ReportTable table_;
  QComboBox *metric_, *ci_;
  QLabel *headline_, *notes_;
  QLineEdit* filter_;
  QStandardItemModel* model_;
  QSortFilterProxyModel* proxy_;
  QTableView* view_;
};

}  // namespace w2s
