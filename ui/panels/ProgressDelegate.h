#pragma once
// Draws a progress bar in a cell from the model's progress role (a double in [0, 1]).
#include <QStyledItemDelegate>

namespace w2s {

class ProgressDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  explicit ProgressDelegate(int progressRole, QObject* parent = nullptr);
  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override;

 private:
  int role_;
};

}  // namespace w2s
