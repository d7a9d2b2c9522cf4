#include "ui/panels/ChoiceDelegate.h"

#include <QComboBox>

namespace w2s {

ChoiceDelegate::ChoiceDelegate(QStringList choices, QObject* parent)
    : QStyledItemDelegate(parent), choices_(std::move(choices)) {}

QWidget* ChoiceDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem&,
                                      const QModelIndex&) const {
  auto* combo = new QComboBox(parent);
  combo->addItems(choices_);
  combo->setEditable(true);  // families/losses core knows beyond this list can still be typed
  // Commit as soon as a choice is picked, not only when focus leaves the cell.
  connect(combo, &QComboBox::activated, this,
          [this, combo] { Q_EMIT const_cast<ChoiceDelegate*>(this)->commitData(combo); });
  return combo;
}

void ChoiceDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
  auto* combo = static_cast<QComboBox*>(editor);
  const QString value = index.data(Qt::EditRole).toString();
  const int i = combo->findText(value);
  if (i >= 0) {
    combo->setCurrentIndex(i);
  } else {
    combo->setEditText(value);
  }
}

void ChoiceDelegate::setModelData(QWidget* editor, QAbstractItemModel* model,
                                  const QModelIndex& index) const {
  model->setData(index, static_cast<QComboBox*>(editor)->currentText(), Qt::EditRole);
}

}  // namespace w2s
