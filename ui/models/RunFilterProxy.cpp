#include "ui/models/RunFilterProxy.h"

#include <QRegularExpression>
#include <QVariantMap>
#include <algorithm>
#include <cmath>

#include "ui/models/RunTableModel.h"

namespace w2s {

RunFilterProxy::RunFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(RunTableModel::SortRole);
  setSortCaseSensitivity(Qt::CaseInsensitive);
}

void RunFilterProxy::setFilterText(const QString& text) {
  if (text == text_) return;
  text_ = text;
  terms_ = parse(text);
  invalidateFilter();
}

std::vector<RunFilterProxy::Term> RunFilterProxy::parse(const QString& text) {
  // A term is a run of non-space characters, where a double-quoted part may hold spaces.
  static const QRegularExpression kToken(QStringLiteral(R"((?:[^\s"]+|"[^"]*")+)"));
  static const QRegularExpression kCompare(
      QStringLiteral(R"(^([^=!<>~]+)(!=|>=|<=|=|>|<|~)(.*)$)"));
  std::vector<Term> terms;
  auto it = kToken.globalMatch(text);
  while (it.hasNext()) {
    const QString token = it.next().captured(0);
    Term term;
    const auto m = kCompare.match(token);
    if (m.hasMatch()) {
      term.field = m.captured(1).trimmed().toLower().replace(QLatin1Char(' '), QLatin1Char('_'));
      term.op = m.captured(2);
      term.value = m.captured(3);
    } else {
      term.value = token;
    }
    term.value.remove(QLatin1Char('"'));
    terms.push_back(term);
  }
  return terms;
}

namespace {

// The field named `name`, or the one whose dotted path ends in ".name".
QVariant lookup(const QVariantMap& fields, const QString& name, bool* found) {
  auto exact = fields.constFind(name);
  if (exact != fields.cend()) {
    *found = true;
    return exact.value();
  }
  const QString suffix = QLatin1Char('.') + name;
  for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
    if (it.key().endsWith(suffix, Qt::CaseInsensitive)) {
      *found = true;
      return it.value();
    }
  }
  *found = false;
  return QVariant();
}

}  // namespace

bool RunFilterProxy::matches(const Term& term, const QVariantMap& fields) {
  if (term.field.isEmpty()) {
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
      if (it.value().toString().contains(term.value, Qt::CaseInsensitive)) return true;
    }
    return false;
  }
  bool found = false;
  const QVariant v = lookup(fields, term.field, &found);
  if (!found) return term.op == QLatin1String("!=");
  const QString text = v.toString();
  if (term.op == QLatin1String("~")) return text.contains(term.value, Qt::CaseInsensitive);

  bool lhsNum = false, rhsNum = false;
  const double lhs = text.toDouble(&lhsNum);
  const double rhs = term.value.toDouble(&rhsNum);
  int cmp = 0;
  if (lhsNum && rhsNum) {
    const double tol = 1e-9 * std::max(1.0, std::max(std::fabs(lhs), std::fabs(rhs)));
    cmp = std::fabs(lhs - rhs) <= tol ? 0 : (lhs < rhs ? -1 : 1);
  } else {
    cmp = QString::compare(text, term.value, Qt::CaseInsensitive);
  }
  if (term.op == QLatin1String("=")) return cmp == 0;
  if (term.op == QLatin1String("!=")) return cmp != 0;
  if (term.op == QLatin1String(">")) return cmp > 0;
  if (term.op == QLatin1String("<")) return cmp < 0;
  if (term.op == QLatin1String(">=")) return cmp >= 0;
  if (term.op == QLatin1String("<=")) return cmp <= 0;
  return false;
}

bool RunFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  if (terms_.empty()) return true;
  const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
  const QVariantMap fields = idx.data(RunTableModel::FieldsRole).toMap();
  for (const Term& term : terms_) {
    if (!matches(term, fields)) return false;
  }
  return true;
}

}  // namespace w2s
