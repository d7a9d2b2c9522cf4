#pragma once
// Figure 1's student picker: the students as a tree (task → view → weak → strong → loss →
// seed; a level where every student agrees is left out), a search field, and check boxes on
// every level, so checking a loss node checks every seed of that cell ("all seeds of this").
#include <QString>
#include <QWidget>
#include <string>
#include <vector>

#include "ui/charts/FigureData.h"

QT_BEGIN_NAMESPACE
class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;
QT_END_NAMESPACE

namespace w2s {

class StudentPicker : public QWidget {
  Q_OBJECT

 public:
  explicit StudentPicker(QWidget* parent = nullptr);

  /// Rebuilds the tree from `students`, checking those in `checked`. Emits nothing.
  void setStudents(const std::vector<StudentInfo>& students,
                   const std::vector<std::string>& checked);
  /// The checked students' hashes, in the order of the list given to setStudents.
  std::vector<std::string> checked() const;
  /// Checks exactly `hashes` (others unchecked); emits checkedChanged once.
  void setChecked(const std::vector<std::string>& hashes);
  /// Shows only students whose label contains every word of `text` (case-insensitive).
  void setFilterText(const QString& text);
  /// Checks every seed of the cell of the current item (its siblings when it is a seed).
  void checkAllSeedsOfCurrent();

  QTreeWidget* tree() const { return tree_; }
  /// Students (leaves) the filter shows.
  int visibleStudents() const;
  /// Names of the tree's levels, top down ("view", "weak", ...).
  QStringList levels() const { return levels_; }

 Q_SIGNALS:
  /// The user (or setChecked) changed which students are checked.
  void checkedChanged();

 private:
  void collectChecked(QTreeWidgetItem* item, std::vector<std::string>* out) const;
  QLineEdit* search_;
  QTreeWidget* tree_;
  QStringList levels_;
  std::vector<std::string> order_;  ///< hashes in setStudents order
  bool populating_ = false;
};

}  // namespace w2s
