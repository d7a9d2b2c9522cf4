#pragma once
// An editable table whose rows are JSON objects (ladder members, views, losses): one column per
// key, blank cells left out of the object so core applies its defaults. Values that do not
// parse as the column's type are passed on as strings, so core's validation names them. Keys
// of a loaded file that have no column get one (type Auto), so nothing is lost on saving.
#include <QString>
#include <QStringList>
#include <QWidget>
#include <nlohmann/json.hpp>
#include <vector>

class QTableWidget;
class QTableWidgetItem;

namespace w2s {

class JsonRowTable : public QWidget {
  Q_OBJECT
 public:
  /// Auto: a number if it parses as one, true/false, JSON arrays/objects, else text.
  enum class Type { Text, Integer, Number, Bool, Choice, Auto };
  struct Column {
    QString key;
    QString title;
    Type type = Type::Text;
    QStringList choices;  ///< Type::Choice
    QString tip;
  };

  /// `shorthandKey`: a row that only has this key is written as its bare value ("xent").
  JsonRowTable(std::vector<Column> columns, QString shorthandKey = QString(),
               QWidget* parent = nullptr);

  /// The rows as a JSON array (in table order).
  nlohmann::ordered_json toJson() const;
  /// Replaces the rows; a non-object entry becomes {shorthandKey: entry}.
  void setJson(const nlohmann::json& rows);
  /// Appends a row with the given cells (key -> text).
  void addRow(const QVariantMap& cells = QVariantMap());
  /// Values of column `key` in every row (e.g. the ladder's names).
  QStringList values(const QString& key) const;
  /// Sets column `key` of every row to `text`.
  void setColumnValue(const QString& key, const QString& text);

  QTableWidget* table() const { return table_; }
  /// Column index of `key`, or -1.
  int columnOf(const QString& key) const;
  /// Marks one cell (tooltip + tinted background), or clears every mark with row < 0.
  void markCell(int row, int column, const QString& message);

 Q_SIGNALS:
  void changed();

 private:
  void fitHeight();
  void setHeader(int column);
  QTableWidgetItem* makeItem(const Column& column, const QString& text) const;
  std::vector<Column> columns_;
  size_t fixedColumns_ = 0;
  QString shorthand_;
  QTableWidget* table_;
};

}  // namespace w2s
