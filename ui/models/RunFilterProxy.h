#pragma once
// Filter and sort of the run table. The filter text is a list of terms, all of which must match:
//   plain words        a substring of any field (case-insensitive)
//   field=value        equality (numeric when both sides are numbers), e.g. loss=logconf
//   field!=value, field>value, field<value, field>=value, field<=value, field~substring
// A field is a column key ("weak_size") or a config path ("train.lr"); a suffix after a dot
// also names it ("lr" finds "train.lr"). Quote values with spaces: notes~"too slow".
#include <QSortFilterProxyModel>
#include <QString>
#include <vector>

namespace w2s {

class RunFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit RunFilterProxy(QObject* parent = nullptr);

  /// Replaces the filter (see the file comment for the syntax).
  void setFilterText(const QString& text);
  QString filterText() const { return text_; }

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  struct Term {
    QString field;  ///< empty for a plain word
    QString op;
    QString value;
  };
  static std::vector<Term> parse(const QString& text);
  static bool matches(const Term& term, const QVariantMap& fields);

  QString text_;
  std::vector<Term> terms_;
};

}  // namespace w2s
