#include "ui/panels/JsonRowTable.h"

#include <QBrush>
#include <QColor>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <functional>

#include "core/util/JsonLimits.h"
#include "ui/models/JobLabel.h"
#include "ui/panels/ChoiceDelegate.h"

namespace w2s {

namespace {
// A cell of an Auto column: the JSON value its text spells, or the text itself.
nlohmann::ordered_json autoValue(const QString& text) {
  bool ok = false;
  const qlonglong i = text.toLongLong(&ok);
  if (ok) return i;
  const double d = text.toDouble(&ok);
  if (ok) return d;
  if (text == QLatin1String("true") || text == QLatin1String("false")) {
    return text == QLatin1String("true");
  }
  const std::string s = text.toStdString();
  if ((text.startsWith(QLatin1Char('[')) || text.startsWith(QLatin1Char('{'))) &&
      nlohmann::ordered_json::accept(s)) {
    try {
      parseJsonLimited(s, "cell");  // refuses nesting too deep to copy safely
      return nlohmann::ordered_json::parse(s);
    } catch (const std::exception&) {
      return s;  // kept as text: core names the field
    }
  }
  return s;
}
}  // namespace

JsonRowTable::JsonRowTable(std::vector<Column> columns, QString shorthandKey, QWidget* parent)
    : QWidget(parent), columns_(std::move(columns)), shorthand_(std::move(shorthandKey)) {
  fixedColumns_ = columns_.size();
  table_ = new QTableWidget(0, static_cast<int>(columns_.size()), this);
  for (int c = 0; c < static_cast<int>(columns_.size()); ++c) setHeader(c);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->verticalHeader()->setVisible(false);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
  table_->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  connect(table_, &QTableWidget::itemChanged, this, &JsonRowTable::changed);
  // The table grows with its rows (up to a limit), so short lists leave no empty block.
  connect(this, &JsonRowTable::changed, this, &JsonRowTable::fitHeight);

  auto* add = new QPushButton(tr("Add"), this);
  auto* remove = new QPushButton(tr("Remove"), this);
  add->setToolTip(tr("Add a row (a copy of the selected one)"));
  remove->setToolTip(tr("Remove the selected rows"));
  connect(add, &QPushButton::clicked, this, [this] {
    QVariantMap cells;
    const int from = table_->currentRow();
    if (from >= 0) {
      for (int c = 0; c < table_->columnCount(); ++c) {
        if (auto* item = table_->item(from, c)) {
          cells.insert(columns_[static_cast<size_t>(c)].key,
                       columns_[static_cast<size_t>(c)].type == Type::Bool
                           ? QVariant(item->checkState() == Qt::Checked)
                           : QVariant(item->text()));
        }
      }
    }
    addRow(cells);
  });
  connect(remove, &QPushButton::clicked, this, [this] {
    QList<int> rows;
    for (const auto& range : table_->selectedRanges()) {
      for (int r = range.topRow(); r <= range.bottomRow(); ++r) rows << r;
    }
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    for (int r : rows) table_->removeRow(r);
    if (!rows.isEmpty()) Q_EMIT changed();
  });

  auto* buttons = new QHBoxLayout;
  buttons->addWidget(add);
  buttons->addWidget(remove);
  buttons->addStretch();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(table_);
  layout->addLayout(buttons);
  fitHeight();
}

void JsonRowTable::setHeader(int c) {
  const Column& col = columns_[static_cast<size_t>(c)];
  auto* header = new QTableWidgetItem(col.title);
  header->setToolTip(col.tip.isEmpty() ? col.key : col.key + QStringLiteral(": ") + col.tip);
  table_->setHorizontalHeaderItem(c, header);
  if (col.type == Type::Choice) {
    table_->setItemDelegateForColumn(c, new ChoiceDelegate(col.choices, table_));
  }
}

void JsonRowTable::fitHeight() {
  const int shown = std::clamp(table_->rowCount() + 1, 2, 8);
  const int frame = 2 * table_->frameWidth();
  table_->setFixedHeight(table_->horizontalHeader()->sizeHint().height() +
                         shown * table_->verticalHeader()->defaultSectionSize() + frame);
}

int JsonRowTable::columnOf(const QString& key) const {
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (columns_[c].key == key) return static_cast<int>(c);
  }
  return -1;
}

QTableWidgetItem* JsonRowTable::makeItem(const Column& column, const QString& text) const {
  auto* item = new QTableWidgetItem;
  if (column.type == Type::Bool) {
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    const bool on = text == QLatin1String("true") || text == QLatin1String("1");
    item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
  } else {
    item->setText(text);
  }
  return item;
}

void JsonRowTable::addRow(const QVariantMap& cells) {
  const QSignalBlocker block(table_);
  const int r = table_->rowCount();
  table_->insertRow(r);
  for (size_t c = 0; c < columns_.size(); ++c) {
    const Column& col = columns_[c];
    const QVariant v = cells.value(col.key);
    QString text = v.toString();
    if (v.typeId() == QMetaType::Bool) {
      // A checkbox column leaves "false" unchecked (the default); other columns keep the word.
      text = v.toBool() ? QStringLiteral("true")
                        : (col.type == Type::Bool ? QString() : QStringLiteral("false"));
    }
    if (text.isEmpty() && col.type == Type::Choice && !col.choices.isEmpty() && cells.isEmpty()) {
      text = col.choices.front();
    }
    table_->setItem(r, static_cast<int>(c), makeItem(col, text));
  }
  Q_EMIT changed();
}

void JsonRowTable::setJson(const nlohmann::json& rows) {
  {
    const QSignalBlocker block(table_);
    table_->setRowCount(0);
    // Columns for the keys of this file that the table has none for (and none left over from
    // the previous file).
    columns_.resize(fixedColumns_);
    if (rows.is_array()) {
      for (const auto& entry : rows) {
        if (!entry.is_object()) continue;
        for (auto it = entry.begin(); it != entry.end(); ++it) {
          const QString key = QString::fromStdString(it.key());
          if (columnOf(key) >= 0) continue;
          columns_.push_back(Column{key, key, Type::Auto, {}, tr("kept from the loaded file")});
        }
      }
    }
    table_->setColumnCount(static_cast<int>(columns_.size()));
    for (size_t c = fixedColumns_; c < columns_.size(); ++c) setHeader(static_cast<int>(c));
    if (!rows.is_array()) return;
    for (const auto& entry : rows) {
      QVariantMap cells;
      if (entry.is_object()) {
        for (auto it = entry.begin(); it != entry.end(); ++it) {
          cells.insert(QString::fromStdString(it.key()), it.value().is_boolean()
                                                             ? QVariant(it.value().get<bool>())
                                                             : QVariant(jsonText(it.value())));
        }
      } else if (!shorthand_.isEmpty()) {
        cells.insert(shorthand_, jsonText(entry));
      }
      addRow(cells);
    }
  }
  Q_EMIT changed();
}

nlohmann::ordered_json JsonRowTable::toJson() const {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (int r = 0; r < table_->rowCount(); ++r) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (size_t c = 0; c < columns_.size(); ++c) {
      const Column& col = columns_[c];
      const QTableWidgetItem* item = table_->item(r, static_cast<int>(c));
      if (!item) continue;
      const std::string key = col.key.toStdString();
      if (col.type == Type::Bool) {
        if (item->checkState() == Qt::Checked) row[key] = true;
        continue;
      }
      const QString text = item->text().trimmed();
      if (text.isEmpty()) continue;
      bool ok = false;
      if (col.type == Type::Integer) {
        const qlonglong v = text.toLongLong(&ok);
        if (ok) {
          row[key] = v;
          continue;
        }
      } else if (col.type == Type::Number) {
        const double v = text.toDouble(&ok);
        if (ok) {
          row[key] = v;
          continue;
        }
      } else if (col.type == Type::Auto) {
        row[key] = autoValue(text);
        continue;
      }
      row[key] = text.toStdString();
    }
    const std::string shorthand = shorthand_.toStdString();
    if (!shorthand.empty() && row.size() == 1 && row.contains(shorthand)) {
      rows.push_back(row[shorthand]);
    } else {
      rows.push_back(row);
    }
  }
  return rows;
}

QStringList JsonRowTable::values(const QString& key) const {
  QStringList out;
  const int c = columnOf(key);
  if (c < 0) return out;
  for (int r = 0; r < table_->rowCount(); ++r) {
    const QTableWidgetItem* item = table_->item(r, c);
    out << (item ? item->text().trimmed() : QString());
  }
  return out;
}

void JsonRowTable::setColumnValue(const QString& key, const QString& text) {
  const int c = columnOf(key);
  if (c < 0) return;
  {
    const QSignalBlocker block(table_);
    for (int r = 0; r < table_->rowCount(); ++r) {
      if (auto* item = table_->item(r, c)) item->setText(text);
    }
  }
  Q_EMIT changed();
}

void JsonRowTable::markCell(int row, int column, const QString& message) {
  const QSignalBlocker block(table_);
  if (row < 0) {
    for (int r = 0; r < table_->rowCount(); ++r) {
      for (int c = 0; c < table_->columnCount(); ++c) {
        if (auto* item = table_->item(r, c)) {
          item->setData(Qt::BackgroundRole, QVariant());
          item->setToolTip(QString());
        }
      }
    }
    return;
  }
  for (int c = 0; c < table_->columnCount(); ++c) {
    if (column >= 0 && c != column) continue;
    if (auto* item = table_->item(row, c)) {
      item->setBackground(QBrush(QColor(0xD5, 0x5E, 0x00, 90)));
      item->setToolTip(message);
    }
  }
}

}  // namespace w2s
