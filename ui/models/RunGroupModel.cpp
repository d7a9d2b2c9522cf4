#include "ui/models/RunGroupModel.h"

#include <QList>
#include <QMap>
#include <algorithm>
#include <vector>

#include "ui/models/RunTableModel.h"

namespace w2s {

namespace {

struct Member {
  QString hash, label, status;
  bool done = false;
  double finalAcc = 0.0, bestAcc = 0.0;
};

QStandardItem* textItem(const QString& text) {
  auto* item = new QStandardItem(text);
  item->setEditable(false);
  item->setData(text.toLower(), RunGroupModel::SortRole);
  return item;
}

QStandardItem* numberItem(double value, int decimals, bool valid = true) {
  auto* item = new QStandardItem(valid ? QString::number(value, 'f', decimals) : QString());
  item->setEditable(false);
  item->setData(valid ? value : -1.0, RunGroupModel::SortRole);
  item->setData(QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter), Qt::TextAlignmentRole);
  return item;
}

}  // namespace

RunGroupModel::RunGroupModel(QObject* parent) : QStandardItemModel(parent) {
  setSortRole(SortRole);
  setHorizontalHeaderLabels(
      {tr("Group / run"), tr("Runs"), tr("Done"), tr("Mean final acc"), tr("Mean best acc")});
}

void RunGroupModel::rebuild(const QAbstractItemModel* runs, const QString& field) {
  field_ = field;
  removeRows(0, rowCount());
  if (!runs) return;

  QMap<QString, std::vector<Member>> groups;
  const QString none = tr("(none)");
  for (int r = 0; r < runs->rowCount(); ++r) {
    const QModelIndex idx = runs->index(r, 0);
    const QVariantMap fields = idx.data(RunTableModel::FieldsRole).toMap();
    QString key = fields.value(field).toString();
    if (key.isEmpty()) key = none;
    Member m;
    m.hash = fields.value(QStringLiteral("hash")).toString();
    m.label = fields.value(QStringLiteral("label")).toString();
    m.status = fields.value(QStringLiteral("status")).toString();
    m.done = m.status == QLatin1String(toString(JobStatus::Done));
    m.finalAcc = fields.value(QStringLiteral("final_acc")).toDouble();
    m.bestAcc = fields.value(QStringLiteral("best_acc")).toDouble();
    groups[key].push_back(m);
  }

  // Numeric group values (widths, seeds, learning rates) in numeric order, numbers first.
  QStringList keys = groups.keys();
  std::sort(keys.begin(), keys.end(), [](const QString& a, const QString& b) {
    bool aNum = false, bNum = false;
    const double x = a.toDouble(&aNum), y = b.toDouble(&bNum);
    if (aNum && bNum) return x < y;
    if (aNum != bNum) return aNum;
    return QString::localeAwareCompare(a, b) < 0;
  });

  for (const QString& key : keys) {
    const auto& members = groups[key];
    double sumFinal = 0.0, sumBest = 0.0;
    int done = 0;
    QList<QStandardItem*> parentRow;
    auto* parent = textItem(key);
    for (const Member& m : members) {
      if (m.done) {
        ++done;
        sumFinal += m.finalAcc;
        sumBest += m.bestAcc;
      }
      auto* child = textItem(m.label.isEmpty() ? m.hash : m.label);
      child->setData(m.hash, HashRole);
      child->setToolTip(m.hash);
      parent->appendRow({child, numberItem(1, 0), textItem(m.status),
                         numberItem(m.finalAcc, 4, m.done), numberItem(m.bestAcc, 4, m.done)});
    }
    parentRow << parent << numberItem(static_cast<double>(members.size()), 0) << numberItem(done, 0)
              << numberItem(done ? sumFinal / done : 0.0, 4, done > 0)
              << numberItem(done ? sumBest / done : 0.0, 4, done > 0);
    appendRow(parentRow);
  }
}

}  // namespace w2s
