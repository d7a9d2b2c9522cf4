#pragma once
// Edits a table cell with a combo box of fixed choices (model family, view type, loss name).
#include <QStringList>
#include <QStyledItemDelegate>

namespace w2s {

class ChoiceDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  ChoiceDelegate(QStringList choices, QObject* parent = nullptr);

  QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                        const QModelIndex& index) const override;
  void setEditorData(QWidget* editor, const QModelIndex& index) const override;
  void setModelData(QWidget* editor, QAbstractItemModel* model,
                    const QModelIndex& index) const override;

 private:
  QStringList choices_;
};

}  // namespace w2s
