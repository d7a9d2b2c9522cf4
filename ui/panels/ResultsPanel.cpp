#include "ui/panels/ResultsPanel.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/export/FigureExporter.h"

namespace w2s {

namespace {

constexpr int kSortRole = Qt::UserRole + 1;
constexpr int kStudentsRole = Qt::UserRole + 2;

QString q(const std::string& s) { return QString::fromStdString(s); }

QString latexField(QString f) {
  f.replace(QLatin1Char('\\'), QStringLiteral("\\textbackslash{}"));
  for (const char* special : {"&", "%", "$", "#", "_", "{", "}"}) {
    f.replace(QLatin1String(special), QLatin1String("\\") + QLatin1String(special));
  }
  f.replace(QStringLiteral("±"), QStringLiteral("$\\pm$"));
  f.replace(QStringLiteral("→"), QStringLiteral("$\\to$"));
  f.replace(QLatin1String("->"), QStringLiteral("$\\to$"));
  return f;
}

// Sorts numerically by kSortRole where both cells have a number, else by text.
class NumericProxy : public QSortFilterProxyModel {
 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;

 protected:
  bool lessThan(const QModelIndex& a, const QModelIndex& b) const override {
    const QVariant x = a.data(kSortRole), y = b.data(kSortRole);
    if (x.isValid() && y.isValid()) return x.toDouble() < y.toDouble();
    // "unstable" and "-" after the numbers in either order: sorting by PGR puts the pairs that
    // recover the most (or least) on top, not the cells without a ratio.
    if (x.isValid() != y.isValid())
      return sortOrder() == Qt::AscendingOrder ? x.isValid() : y.isValid();
    return a.data().toString() < b.data().toString();
  }
};

}  // namespace

ResultsPanel::ResultsPanel(QWidget* parent) : QWidget(parent) {
  metric_ = new QComboBox;
  metric_->addItem(tr("accuracy"), false);
  metric_->addItem(tr("AUROC"), true);
  metric_->setToolTip(
      tr("Accuracies and PGR on test accuracy or test AUROC (w2s report --metric)"));
  ci_ = new QComboBox;
  ci_->addItem(tr("t-interval"), false);
  ci_->addItem(tr("bootstrap"), true);
  ci_->setToolTip(tr("Interval over seeds (w2s report --ci); the bootstrap is approximate below "
                     "%1 seeds")
                      .arg(kBootstrapMinSeeds));
  filter_ = new QLineEdit;
  filter_->setPlaceholderText(tr("Filter rows (any column, e.g. noisy or w8)"));
  filter_->setClearButtonEnabled(true);
  auto* copyCsv = new QPushButton(tr("Copy as &CSV"));
  auto* copyLatex = new QPushButton(tr("Copy as La&TeX"));
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Metric")));
  top->addWidget(metric_);
  top->addWidget(new QLabel(tr("Interval")));
  top->addWidget(ci_);
  top->addWidget(filter_, 1);
  top->addWidget(copyCsv);
  top->addWidget(copyLatex);

  const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  headline_ = new QLabel;
  headline_->setFont(mono);
  headline_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  notes_ = new QLabel;
  notes_->setWordWrap(true);
  notes_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  QPalette grey = notes_->palette();
  grey.setColor(QPalette::WindowText, grey.color(QPalette::PlaceholderText));
  notes_->setPalette(grey);

  model_ = new QStandardItemModel(this);
  proxy_ = new NumericProxy(this);
  proxy_->setSourceModel(model_);
  proxy_->setFilterKeyColumn(-1);
  proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
  view_ = new QTableView;
  view_->setModel(proxy_);
  view_->setSortingEnabled(true);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  view_->setAlternatingRowColors(true);
  view_->verticalHeader()->setVisible(false);
  view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 6);
  view_->setToolTip(tr("Click a header to sort · double click a row: its students' curves"));

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(headline_);
  layout->addWidget(notes_);
  layout->addWidget(view_, 1);

  connect(metric_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ResultsPanel::rebuild);
  connect(ci_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ResultsPanel::rebuild);
  connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
  connect(copyCsv, &QPushButton::clicked, this,
          [this] { QApplication::clipboard()->setText(csv()); });
  connect(copyLatex, &QPushButton::clicked, this,
          [this] { QApplication::clipboard()->setText(latex()); });
  connect(view_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    const auto hashes = studentsOfRow(index.row());
    if (!hashes.empty()) Q_EMIT studentsChosen(hashes);
  });
  rebuild();
}

void ResultsPanel::setOutcomes(const std::vector<StudentOutcome>& outcomes) {
  outcomes_ = outcomes;
  rebuild();
}

void ResultsPanel::rebuild() {
  const bool auroc = metric_->currentData().toBool();
  const bool bootstrap = ci_->currentData().toBool();
  rows_ = aggregate(outcomes_, 0.95, bootstrap ? CiMethod::Bootstrap : CiMethod::StudentT);
  table_ = reportTable(rows_, 0.95, auroc, bootstrap);

  const int sortColumn = view_->horizontalHeader()->sortIndicatorSection();
  const Qt::SortOrder order = view_->horizontalHeader()->sortIndicatorOrder();
  model_->clear();
  QStringList header;
  for (const auto& h : table_.header) header << q(h);
  model_->setHorizontalHeaderLabels(header);
  const QString unstableTip =
      tr("unstable: the gap ceiling − weak is below %1 or twice its standard error, so the ratio "
         "would be noise; undefined (-): no seed has a ceiling above its supervisor")
          .arg(kPgrGapFloor);
  for (size_t r = 0; r < table_.rows.size(); ++r) {
    QList<QStandardItem*> items;
    for (const ReportCell& cell : table_.rows[r]) {
      auto* item = new QStandardItem(q(cell.text));
      if (!std::isnan(cell.sortKey)) item->setData(cell.sortKey, kSortRole);
      if (cell.flagged) {
        QFont f = item->font();
        f.setItalic(true);
        item->setFont(f);
        item->setForeground(palette().color(QPalette::PlaceholderText));
        item->setToolTip(unstableTip);
      }
      items << item;
    }
    QStringList hashes;
    for (const std::string& h : rows_[r].studentHashes) hashes << q(h);
    items.front()->setData(hashes, kStudentsRole);
    model_->appendRow(items);
  }
  view_->resizeColumnsToContents();
  if (sortColumn >= 0 && sortColumn < model_->columnCount()) view_->sortByColumn(sortColumn, order);

  QStringList head;
  for (const auto& line : table_.headline) head << q(line);
  headline_->setText(head.isEmpty() ? tr("No finished student with its supervisor and ceiling yet.")
                                    : head.join(QLatin1Char('\n')));
  QStringList notes;
  for (const auto& n : table_.notes) notes << q(n);
  notes_->setText(notes.join(QLatin1Char('\n')));
}

std::vector<std::vector<QString>> ResultsPanel::shownRows() const {
  std::vector<std::vector<QString>> out;
  for (int r = 0; r < proxy_->rowCount(); ++r) {
    std::vector<QString> row;
    for (int c = 0; c < proxy_->columnCount(); ++c)
      row.push_back(proxy_->index(r, c).data().toString());
    out.push_back(std::move(row));
  }
  return out;
}

QString ResultsPanel::csv() const {
  CsvTable t;
  for (const auto& h : table_.header) t.header << q(h);
  for (const auto& row : shownRows()) t.rows.push_back(QStringList(row.begin(), row.end()));
  return FigureExporter::csvText(t);
}

QString ResultsPanel::latex() const {
  QString out = QStringLiteral("\\begin{tabular}{") +
                QString(QLatin1Char('l')).repeated(static_cast<int>(table_.header.size())) +
                QStringLiteral("}\n\\hline\n");
  QStringList head;
  for (const auto& h : table_.header) head << latexField(q(h));
  out += head.join(QStringLiteral(" & ")) + QStringLiteral(" \\\\\n\\hline\n");
  for (const auto& row : shownRows()) {
    QStringList fields;
    for (const QString& f : row) fields << latexField(f);
    out += fields.join(QStringLiteral(" & ")) + QStringLiteral(" \\\\\n");
  }
  return out + QStringLiteral("\\hline\n\\end{tabular}\n");
}

std::vector<std::string> ResultsPanel::studentsOfRow(int row) const {
  std::vector<std::string> out;
  const QModelIndex first = proxy_->index(row, 0);
  for (const QString& h : first.data(kStudentsRole).toStringList()) out.push_back(h.toStdString());
  return out;
}

}  // namespace w2s
