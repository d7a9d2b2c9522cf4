#include "ui/panels/StudentPicker.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

namespace w2s {

namespace {

constexpr int kHashRole = Qt::UserRole;
constexpr int kLabelRole = Qt::UserRole + 1;

struct Level {
  const char* name;
  std::function<QString(const StudentInfo&)> text;
};

const std::vector<Level>& allLevels() {
  static const std::vector<Level> levels = {
      {"task", [](const StudentInfo& s) { return QString::fromStdString(s.task); }},
      {"view",
       [](const StudentInfo& s) {
         return s.view.empty() ? QStringLiteral("clean") : QString::fromStdString(s.view);
       }},
      {"weak", [](const StudentInfo& s) { return QString::fromStdString(s.weakSize); }},
      {"strong",
       [](const StudentInfo& s) {
         return QStringLiteral("→ ") + QString::fromStdString(s.strongSize);
       }},
      {"loss",
       [](const StudentInfo& s) {
         return QString::fromStdString(s.loss) +
                (s.labelSource.empty()
                     ? QString()
                     : QStringLiteral(" · ") + QString::fromStdString(s.labelSource));
       }},
      {"seed", [](const StudentInfo& s) { return QStringLiteral("seed %1").arg(s.seed); }},
  };
  return levels;
}

}  // namespace

StudentPicker::StudentPicker(QWidget* parent) : QWidget(parent) {
  search_ = new QLineEdit;
  search_->setPlaceholderText(tr("Search students (e.g. w8 w512 noisy)"));
  search_->setClearButtonEnabled(true);
  tree_ = new QTreeWidget;
  tree_->setHeaderHidden(true);
  tree_->setUniformRowHeights(true);
  tree_->setToolTip(
      tr("Check a student, or a node to check every student under it (a loss node: all its "
         "seeds)"));
  auto* allSeeds = new QPushButton(tr("All &seeds"));
  allSeeds->setToolTip(tr("Check every seed of the selected student's cell"));
  auto* clear = new QPushButton(tr("C&lear"));
  clear->setToolTip(tr("Uncheck every student (figure 1 then shows its default choice)"));
  auto* buttons = new QHBoxLayout;
  buttons->setContentsMargins(0, 0, 0, 0);
  buttons->addWidget(allSeeds);
  buttons->addWidget(clear);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(search_);
  layout->addWidget(tree_, 1);
  layout->addLayout(buttons);

  connect(search_, &QLineEdit::textChanged, this, &StudentPicker::setFilterText);
  connect(tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem*, int) {
    if (!populating_) Q_EMIT checkedChanged();
  });
  connect(allSeeds, &QPushButton::clicked, this, &StudentPicker::checkAllSeedsOfCurrent);
  connect(clear, &QPushButton::clicked, this, [this] { setChecked({}); });
}

void StudentPicker::setStudents(const std::vector<StudentInfo>& students,
                                const std::vector<std::string>& checked) {
  populating_ = true;
  tree_->clear();
  order_.clear();
  levels_.clear();
  // Levels where the students differ; the seed level always (it holds the leaves).
  std::vector<const Level*> used;
  for (const Level& level : allLevels()) {
    std::set<QString> values;
    for (const StudentInfo& s : students) values.insert(level.text(s));
    if (values.size() > 1 || &level == &allLevels().back()) {
      used.push_back(&level);
      levels_ << QString::fromLatin1(level.name);
    }
  }
  const std::set<std::string> on(checked.begin(), checked.end());
  std::map<QString, QTreeWidgetItem*> nodes;  // path -> node
  std::set<QTreeWidgetItem*> expand;
  for (const StudentInfo& s : students) {
    order_.push_back(s.hash);
    QTreeWidgetItem* parent = nullptr;
    QString path;
    for (size_t k = 0; k + 1 < used.size(); ++k) {
      const QString text = used[k]->text(s);
      path += text + QLatin1Char('\x1f');
      QTreeWidgetItem*& node = nodes[path];
      if (!node) {
        node = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree_);
        node->setText(0, text);
        node->setFlags(node->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsAutoTristate);
        node->setCheckState(0, Qt::Unchecked);
      }
      parent = node;
    }
    QString leafText = used.back()->text(s);
    if (s.status != JobStatus::Done) {
      leafText += QStringLiteral(" · ") + QLatin1String(toString(s.status));
    }
    auto* leaf = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree_);
    leaf->setText(0, leafText);
    leaf->setData(0, kHashRole, QString::fromStdString(s.hash));
    leaf->setData(
        0, kLabelRole,
        QString::fromStdString(s.label()) + QLatin1Char(' ') + QString::fromStdString(s.hash));
    leaf->setToolTip(0, QString::fromStdString(s.label() + " · " + s.hash));
    leaf->setFlags((leaf->flags() | Qt::ItemIsUserCheckable) & ~Qt::ItemIsAutoTristate);
    leaf->setCheckState(0, on.count(s.hash) ? Qt::Checked : Qt::Unchecked);
    if (on.count(s.hash)) {
      for (QTreeWidgetItem* p = parent; p; p = p->parent()) expand.insert(p);
    }
  }
  for (QTreeWidgetItem* item : expand) item->setExpanded(true);
  populating_ = false;
  setFilterText(search_->text());
}

void StudentPicker::collectChecked(QTreeWidgetItem* item, std::vector<std::string>* out) const {
  if (item->childCount() == 0) {
    if (item->checkState(0) == Qt::Checked) {
      out->push_back(item->data(0, kHashRole).toString().toStdString());
    }
    return;
  }
  for (int i = 0; i < item->childCount(); ++i) collectChecked(item->child(i), out);
}

std::vector<std::string> StudentPicker::checked() const {
  std::vector<std::string> found;
  for (int i = 0; i < tree_->topLevelItemCount(); ++i)
    collectChecked(tree_->topLevelItem(i), &found);
  const std::set<std::string> on(found.begin(), found.end());
  std::vector<std::string> out;
  for (const std::string& h : order_) {
    if (on.count(h)) out.push_back(h);
  }
  return out;
}

void StudentPicker::setChecked(const std::vector<std::string>& hashes) {
  const std::set<std::string> on(hashes.begin(), hashes.end());
  populating_ = true;
  std::function<void(QTreeWidgetItem*)> visit = [&](QTreeWidgetItem* item) {
    if (item->childCount() == 0) {
      const bool check = on.count(item->data(0, kHashRole).toString().toStdString()) > 0;
      item->setCheckState(0, check ? Qt::Checked : Qt::Unchecked);
      if (check) {
        for (QTreeWidgetItem* p = item->parent(); p; p = p->parent()) p->setExpanded(true);
      }
      return;
    }
    for (int i = 0; i < item->childCount(); ++i) visit(item->child(i));
  };
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) visit(tree_->topLevelItem(i));
  populating_ = false;
  Q_EMIT checkedChanged();
}

void StudentPicker::setFilterText(const QString& text) {
  if (search_->text() != text) search_->setText(text);  // re-enters through textChanged
  const QStringList words = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
  std::function<bool(QTreeWidgetItem*)> apply = [&](QTreeWidgetItem* item) {
    bool shown = false;
    if (item->childCount() == 0) {
      const QString label = item->data(0, kLabelRole).toString();
      shown = std::all_of(words.begin(), words.end(), [&label](const QString& w) {
        return label.contains(w, Qt::CaseInsensitive);
      });
    } else {
      for (int i = 0; i < item->childCount(); ++i) shown = apply(item->child(i)) || shown;
      if (!words.isEmpty() && shown) item->setExpanded(true);
    }
    item->setHidden(!shown);
    return shown;
  };
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) apply(tree_->topLevelItem(i));
}

void StudentPicker::checkAllSeedsOfCurrent() {
  QTreeWidgetItem* item = tree_->currentItem();
  if (!item) return;
  QTreeWidgetItem* cell = item->childCount() == 0 ? item->parent() : item;
  if (!cell) {  // one level only: every student
    for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
      tree_->topLevelItem(i)->setCheckState(0, Qt::Checked);
    }
    return;
  }
  cell->setCheckState(0, Qt::Checked);  // auto-tristate checks the children
  cell->setExpanded(true);
}

int StudentPicker::visibleStudents() const {
  int n = 0;
  for (QTreeWidgetItemIterator it(tree_, QTreeWidgetItemIterator::NoChildren); *it; ++it) {
    bool shown = !(*it)->isHidden();
    for (QTreeWidgetItem* p = (*it)->parent(); p && shown; p = p->parent()) shown = !p->isHidden();
    n += shown;
  }
  return n;
}

}  // namespace w2s
