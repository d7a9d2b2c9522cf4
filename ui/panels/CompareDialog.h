#pragma once
// Side-by-side configs and results of two runs, by default only the fields that differ.
#include <QDialog>

#include "core/store/RunStore.h"

class QCheckBox;
class QTableWidget;

namespace w2s {

class CompareDialog : public QDialog {
  Q_OBJECT
 public:
  CompareDialog(const JobRecord& a, const JobRecord& b, QWidget* parent = nullptr);

  /// Rows currently shown (for tests).
  int shownRows() const;
  QTableWidget* table() const { return table_; }
  /// Toggles "show only differences".
  void setOnlyDifferences(bool on);

 private:
  void fill();
  JobRecord a_, b_;
  QCheckBox* onlyDiff_;
  QTableWidget* table_;
};

}  // namespace w2s
