#include "ui/panels/CompareDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFont>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/models/JobLabel.h"
#include "ui/models/RunDiff.h"

namespace w2s {

CompareDialog::CompareDialog(const JobRecord& a, const JobRecord& b, QWidget* parent)
    : QDialog(parent), a_(a), b_(b) {
  setWindowTitle(tr("Compare runs"));
  const QString la = jobLabel(a.kind, a.labels), lb = jobLabel(b.kind, b.labels);
  auto* heading = new QLabel(
      tr("<b>A</b>: %1<br><b>B</b>: %2").arg(la.toHtmlEscaped(), lb.toHtmlEscaped()), this);
  onlyDiff_ = new QCheckBox(tr("Show only differences"), this);
  onlyDiff_->setChecked(true);
  table_ = new QTableWidget(0, 3, this);
  table_->setHorizontalHeaderLabels({tr("Field"), tr("A"), tr("B")});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->verticalHeader()->setVisible(false);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setAlternatingRowColors(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(onlyDiff_, &QCheckBox::toggled, this, &CompareDialog::fill);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(heading);
  layout->addWidget(onlyDiff_);
  layout->addWidget(table_, 1);
  layout->addWidget(buttons);
  resize(720, 480);
  fill();
}

void CompareDialog::setOnlyDifferences(bool on) { onlyDiff_->setChecked(on); }

int CompareDialog::shownRows() const { return table_->rowCount(); }

void CompareDialog::fill() {
  const bool only = onlyDiff_->isChecked();
  table_->setRowCount(0);
  QFont bold = table_->font();
  bold.setBold(true);
  for (const FieldDiff& d : diffRuns(a_, b_)) {
    if (only && !d.differs) continue;
    const int r = table_->rowCount();
    table_->insertRow(r);
    const QStringList cells = {d.field, d.a, d.b};
    for (int c = 0; c < 3; ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      item->setToolTip(cells[c]);
      if (d.differs && !only) item->setFont(bold);
      table_->setItem(r, c, item);
    }
  }
}

}  // namespace w2s
