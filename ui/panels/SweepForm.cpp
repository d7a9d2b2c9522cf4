#include "ui/panels/SweepForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <map>
#include <set>

#include "core/data/ImageDatasets.h"
#include "core/models/ModelSpec.h"
#include "core/train/LossRegistry.h"
#include "core/util/JsonLimits.h"
#include "ui/models/JobLabel.h"
#include "ui/panels/FormFields.h"
#include "ui/panels/JsonRowTable.h"

namespace w2s {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

namespace {

const std::set<std::string> kManagedTop = {"name",
                                           "description",
                                           "task",
                                           "ladder",
                                           "weak_sizes",
                                           "strong_sizes",
                                           "pairs",
                                           "views",
                                           "losses",
                                           "seeds",
                                           "train",
                                           "per_size",
                                           "device",
                                           "bootstrap",
                                           "probe_combos",
                                           "early_stop",
                                           "student_iterations"};
const std::set<std::string> kManagedTask = {
    "dataset", "groups", "train_size",    "test_size",    "synthetic",   "dim", "classes",
    "n_train", "n_test", "teacher_width", "nonlinearity", "label_noise", "seed"};
const std::set<std::string> kManagedTrain = {"lr",       "epochs",     "batch_size", "weight_decay",
                                             "schedule", "eval_every", "drop_last"};

}  // namespace

SweepForm::SweepForm(QWidget* parent) : QWidget(parent) {
  // Two independent columns, so a tall group on one side leaves no gap on the other.
  auto* left = new QVBoxLayout;
  left->addWidget(buildTask());
  left->addWidget(buildTraining());
  left->addStretch(1);
  auto* right = new QVBoxLayout;
  right->addWidget(buildModels());
  right->addWidget(buildRuns());
  right->addStretch(1);
  auto* columns = new QHBoxLayout(this);
  columns->addLayout(left, 2);
  columns->addLayout(right, 3);

  for (auto* e : findChildren<QLineEdit*>())
    connect(e, &QLineEdit::textChanged, this, &SweepForm::changed);
  for (auto* s : findChildren<QSpinBox*>())
    connect(s, &QSpinBox::valueChanged, this, &SweepForm::changed);
  for (auto* s : findChildren<QDoubleSpinBox*>()) {
    connect(s, &QDoubleSpinBox::valueChanged, this, &SweepForm::changed);
  }
  for (auto* c : findChildren<QComboBox*>()) {
    connect(c, &QComboBox::currentTextChanged, this, &SweepForm::changed);
  }
  for (auto* c : findChildren<QCheckBox*>())
    connect(c, &QCheckBox::toggled, this, &SweepForm::changed);
  for (auto* t : {ladder_, views_, losses_})
    connect(t, &JsonRowTable::changed, this, &SweepForm::changed);
  connect(perSize_, &QPlainTextEdit::textChanged, this, &SweepForm::changed);
  connect(ladder_, &JsonRowTable::changed, this, &SweepForm::syncFamilyCombo);
  connect(family_, &QComboBox::activated, this, [this] {
    if (family_->currentText() != tr("mixed"))
      ladder_->setColumnValue("family", family_->currentText());
  });
  connect(dataset_, &QComboBox::currentTextChanged, this, &SweepForm::updateTaskVisibility);
  updateTaskVisibility();
}

QWidget* SweepForm::buildTask() {
  auto* box = new QGroupBox(tr("Task"), this);
  auto* form = new QFormLayout(box);
  name_ = new QLineEdit(box);
  name_->setPlaceholderText(tr("sweep name"));
  description_ = new QLineEdit(box);
  description_->setPlaceholderText(tr("optional"));
  dataset_ = new QComboBox(box);
  for (const auto& name : datasetNames()) dataset_->addItem(QString::fromStdString(name));
  groups_ = new QLineEdit(box);
  groups_->setPlaceholderText(tr("all 10 classes; e.g. 0,2,4,6 | 5,7,9"));
  groups_->setToolTip(tr("Class groups separated by |: task class i = union of group i"));
  trainSize_ = spin(0, 10000000, 0, box);
  trainSize_->setSpecialValueText(tr("all"));
  testSize_ = spin(0, 10000000, 0, box);
  testSize_->setSpecialValueText(tr("all"));
  form->addRow(tr("Name"), name_);
  form->addRow(tr("Description"), description_);
  form->addRow(tr("Dataset"), dataset_);
  form->addRow(tr("Class groups"), groups_);
  form->addRow(tr("Training examples"), trainSize_);
  form->addRow(tr("Test examples"), testSize_);

  synthetic_ = new QGroupBox(tr("Synthetic task"), box);
  auto* syn = new QFormLayout(synthetic_);
  synDim_ = spin(1, 100000, 32, synthetic_);
  synClasses_ = spin(2, 1000, 2, synthetic_);
  synTrain_ = spin(4, 10000000, 8000, synthetic_);
  synTest_ = spin(1, 10000000, 2000, synthetic_);
  synTeacher_ = spin(1, 100000, 64, synthetic_);
  synNonlinearity_ = new QDoubleSpinBox(synthetic_);
  synNonlinearity_->setRange(0, 1);
  synNonlinearity_->setSingleStep(0.1);
  synNonlinearity_->setDecimals(4);
  synNonlinearity_->setValue(0.5);
  synNoise_ = new QDoubleSpinBox(synthetic_);
  synNoise_->setDecimals(4);
  synNoise_->setRange(0, 0.9999);
  synNoise_->setSingleStep(0.05);
  synSeed_ = spin(0, 1000000000, 0, synthetic_);
  syn->addRow(tr("Input dimension"), synDim_);
  syn->addRow(tr("Classes"), synClasses_);
  syn->addRow(tr("Examples generated (train)"), synTrain_);
  syn->addRow(tr("Examples generated (test)"), synTest_);
  syn->addRow(tr("Teacher width"), synTeacher_);
  syn->addRow(tr("Nonlinearity"), synNonlinearity_);
  syn->addRow(tr("Label noise"), synNoise_);
  syn->addRow(tr("Teacher seed"), synSeed_);
  form->addRow(synthetic_);
  return box;
}

QWidget* SweepForm::buildModels() {
  auto* box = new QGroupBox(tr("Models"), this);
  auto* form = new QFormLayout(box);
  family_ = new QComboBox(box);
  QStringList families;
  for (const std::string& f : modelFamilies()) families << QString::fromStdString(f);
  family_->addItems(families);
  family_->addItem(tr("mixed"));
  family_->setToolTip(tr("Sets the family of every ladder member"));
  using C = JsonRowTable::Column;
  using T = JsonRowTable::Type;
  ladder_ = new JsonRowTable(
      {C{"name", tr("Name"), T::Text, {}, tr("size name used in weak/strong sizes")},
       C{"family", tr("Family"), T::Choice, families,
         tr("transformer fields (d_model, layers, heads, pretrained, glove_init), bow fields "
            "(buckets, ngrams, char_ngrams) and path: docs/text-and-pretraining.md")},
       C{"width", tr("Width"), T::Integer, {}, tr("mlp: hidden units per layer")},
       C{"depth", tr("Depth"), T::Integer, {}, tr("mlp: hidden layers (0 = linear)")},
       C{"channels", tr("Channels"), T::Integer, {}, tr("cnn: filters of the first block")}},
      QString(), box);
  weakSizes_ = new QLineEdit(box);
  weakSizes_->setPlaceholderText(tr("every ladder size"));
  strongSizes_ = new QLineEdit(box);
  strongSizes_->setPlaceholderText(tr("every ladder size"));
  pairs_ = new QComboBox(box);
  pairs_->addItems(
      {QStringLiteral("weak<=strong"), QStringLiteral("weak<strong"), QStringLiteral("all")});
  views_ = new JsonRowTable(
      {C{"name", tr("Name"), T::Text, {}, {}},
       C{"type", tr("Type"), T::Choice, {"none", "noise", "downsample", "occlude", "partial"}, {}},
       C{"sigma", tr("σ"), T::Number, {}, tr("noise: pixel noise std")},
       C{"factor", tr("Factor"), T::Integer, {}, tr("downsample: pooling factor")},
       C{"size", tr("Size"), T::Integer, {}, tr("occlude: square side")},
       C{"keep", tr("Keep"), T::Number, {}, tr("partial: fraction of features kept")}},
      QString(), box);
  form->addRow(tr("Family"), family_);
  form->addRow(tr("Ladder"), ladder_);
  form->addRow(tr("Weak sizes"), weakSizes_);
  form->addRow(tr("Strong sizes"), strongSizes_);
  form->addRow(tr("Pairs"), pairs_);
  form->addRow(tr("Supervisor views"), views_);
  return box;
}

QWidget* SweepForm::buildRuns() {
  auto* box = new QGroupBox(tr("Students"), this);
  auto* form = new QFormLayout(box);
  using C = JsonRowTable::Column;
  using T = JsonRowTable::Type;
  // One column per option of the registered losses (core/train/LossRegistry.cpp); a tooltip
  // names the losses that read it.
  QStringList lossNames;
  for (const auto& l : lossRegistry()) lossNames << QString::fromStdString(l.name);
  std::vector<C> lossColumns = {C{"name", tr("Loss"), T::Choice, lossNames, {}}};
  for (const auto& o : allLossOptions()) {
    QStringList users;
    for (const auto& l : lossRegistry()) {
      for (const auto& lo : l.options) {
        if (lo.key == o.key) users << QString::fromStdString(l.name);
      }
    }
    lossColumns.push_back(
        C{QString::fromStdString(o.key),
          QString::fromStdString(o.label),
          o.integer ? T::Integer : T::Number,
          {},
          users.join(QStringLiteral(", ")) + QStringLiteral(": ") + QString::fromStdString(o.doc)});
  }
  lossColumns.push_back(
      C{"hard_labels", tr("Hard"), T::Bool, {}, tr("train on argmax weak labels")});
  losses_ = new JsonRowTable(std::move(lossColumns), QStringLiteral("name"), box);
  seeds_ = new QLineEdit(box);
  seeds_->setPlaceholderText(tr("e.g. 0, 1"));
  device_ = new QComboBox(box);
  device_->setEditable(true);
  device_->addItems({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")});
  form->addRow(tr("Losses"), losses_);
  form->addRow(tr("Seeds"), seeds_);
  form->addRow(tr("Device"), device_);

  // Methods of docs/science.md: each adds its own jobs beside the direct students.
  bootstrap_ = new QCheckBox(tr("bootstrapping: weak → M1 → … → strong"), box);
  bootstrap_->setToolTip(tr("Chains through the strong sizes larger than each weak size"));
  probeCombos_ = new QCheckBox(tr("probe/finetune combinations (lp/ft × weak/gt)"), box);
  probeCombos_->setToolTip(
      tr("lp(weak) students, lp(gt) ceilings, and ft(weak) students re-probed on ground truth"));
  earlyStop_ = new QDoubleSpinBox(box);
  earlyStop_->setRange(0.0, 0.49);
  earlyStop_->setSingleStep(0.05);
  earlyStop_->setDecimals(2);
  earlyStop_->setSpecialValueText(tr("off"));
  earlyStop_->setToolTip(
      tr("Share of half B each student holds out with its weak labels, to "
         "stop early by agreement (no ground truth)"));
  iterations_ = spin(0, 20, 0, box);
  iterations_->setSpecialValueText(tr("off"));
  iterations_->setToolTip(tr("Student-to-student iterations per pair"));
  auto* methods = new QVBoxLayout;
  methods->addWidget(bootstrap_);
  methods->addWidget(probeCombos_);
  form->addRow(tr("Methods"), methods);
  form->addRow(tr("Early-stop split"), earlyStop_);
  form->addRow(tr("Student iterations"), iterations_);
  return box;
}

QWidget* SweepForm::buildTraining() {
  auto* box = new QGroupBox(tr("Training (every job)"), this);
  auto* form = new QFormLayout(box);
  lr_ = new QLineEdit(box);
  epochs_ = spin(1, 100000, 2, box);
  batch_ = spin(1, 1 << 20, 64, box);
  weightDecay_ = new QLineEdit(box);
  schedule_ = new QComboBox(box);
  schedule_->addItems({QStringLiteral("cosine"), QStringLiteral("constant")});
  dropLast_ = new QComboBox(box);
  dropLast_->addItems({QStringLiteral("auto"), QStringLiteral("on"), QStringLiteral("off")});
  dropLast_->setToolTip(tr("Skip each epoch's last, smaller batch (auto: for logconf students)"));
  evalEvery_ = spin(1, 100000000, 50, box);
  perSize_ = new QPlainTextEdit(box);
  perSize_->setPlaceholderText(tr("{\"w512\": {\"lr\": 5e-4}}"));
  perSize_->setToolTip(tr("Per-size overrides of the training settings (JSON object)"));
  perSize_->setMaximumHeight(70);
  form->addRow(tr("Learning rate"), lr_);
  form->addRow(tr("Epochs"), epochs_);
  form->addRow(tr("Batch size"), batch_);
  form->addRow(tr("Weight decay"), weightDecay_);
  form->addRow(tr("Schedule"), schedule_);
  form->addRow(tr("Drop last batch"), dropLast_);
  form->addRow(tr("Evaluate every (steps)"), evalEvery_);
  form->addRow(tr("Per size"), perSize_);
  return box;
}

void SweepForm::updateTaskVisibility() {
  const bool synthetic = dataset_->currentText() == QLatin1String("synthetic");
  synthetic_->setVisible(synthetic);
  groups_->setEnabled(findImageDataset(dataset_->currentText().toStdString()) != nullptr);
}

void SweepForm::syncFamilyCombo() {
  QStringList families = ladder_->values("family");
  families.removeDuplicates();
  const QSignalBlocker block(family_);
  const QString family = families.size() == 1 ? families.front() : tr("mixed");
  if (family_->findText(family) < 0) family_->insertItem(family_->count() - 1, family);
  family_->setCurrentText(family);
}

ojson SweepForm::toJson() const {
  ojson j = ojson::object();
  j["name"] = name_->text().trimmed().toStdString();
  if (!description_->text().trimmed().isEmpty()) {
    j["description"] = description_->text().trimmed().toStdString();
  }
  ojson task = {{"dataset", dataset_->currentText().toStdString()}};
  if (dataset_->currentText() == QLatin1String("synthetic")) {
    task["synthetic"] = {{"dim", synDim_->value()},
                         {"classes", synClasses_->value()},
                         {"n_train", synTrain_->value()},
                         {"n_test", synTest_->value()},
                         {"teacher_width", synTeacher_->value()},
                         {"nonlinearity", synNonlinearity_->value()},
                         {"label_noise", synNoise_->value()},
                         {"seed", synSeed_->value()}};
  } else if (!groups_->text().trimmed().isEmpty()) {
    ojson groups = ojson::array();
    for (const QString& g : groups_->text().split(QLatin1Char('|')))
      groups.push_back(numberList(g));
    task["groups"] = groups;
  }
  task["train_size"] = trainSize_->value();
  task["test_size"] = testSize_->value();
  j["task"] = task;
  j["ladder"] = ladder_->toJson();
  if (!weakSizes_->text().trimmed().isEmpty()) j["weak_sizes"] = nameList(weakSizes_->text());
  if (!strongSizes_->text().trimmed().isEmpty()) j["strong_sizes"] = nameList(strongSizes_->text());
  j["pairs"] = pairs_->currentText().toStdString();
  j["views"] = views_->toJson();
  j["losses"] = losses_->toJson();
  j["seeds"] = numberList(seeds_->text());
  j["train"] = {{"lr", numberText(lr_->text())},
                {"epochs", epochs_->value()},
                {"batch_size", batch_->value()},
                {"weight_decay", numberText(weightDecay_->text())},
                {"schedule", schedule_->currentText().toStdString()},
                {"eval_every", evalEvery_->value()}};
  if (dropLast_->currentIndex() > 0) j["train"]["drop_last"] = dropLast_->currentIndex() == 1;
  const QString perSize = perSize_->toPlainText().trimmed();
  if (!perSize.isEmpty()) {
    // Invalid JSON goes on as text so core names the field ("per_size: expected an object").
    const std::string text = perSize.toStdString();
    bool shallow = true;
    try {
      parseJsonLimited(text, "per_size");
    } catch (const std::exception&) {
      shallow = false;
    }
    j["per_size"] = shallow ? ojson::parse(text) : ojson(text);
  }
  j["device"] = device_->currentText().trimmed().toStdString();
  // Methods: written only when on, so a sweep without them keeps its file (and hashes).
  if (bootstrap_->isChecked()) j["bootstrap"] = true;
  if (probeCombos_->isChecked()) j["probe_combos"] = true;
  if (earlyStop_->value() > 0) j["early_stop"] = {{"val_frac", earlyStop_->value()}};
  if (iterations_->value() > 0) j["student_iterations"] = iterations_->value();
  mergeKept(j);
  return j;
}

void SweepForm::mergeKept(ojson& j) const {
  const auto copy = [](const json& v) { return ojson::parse(v.dump()); };
  for (auto it = base_.begin(); it != base_.end(); ++it) {
    if (!kManagedTop.count(it.key())) j[it.key()] = copy(it.value());
  }
  // Task fields of another dataset would be wrong for a newly chosen one: keep them only while
  // the dataset is the loaded file's.
  const json task = base_.value("task", json::object());
  if (task.is_object() &&
      task.value("dataset", json()) == json(dataset_->currentText().toStdString())) {
    for (auto it = task.begin(); it != task.end(); ++it) {
      if (!kManagedTask.count(it.key())) j["task"][it.key()] = copy(it.value());
    }
  }
  const json train = base_.value("train", json::object());
  if (train.is_object()) {
    for (auto it = train.begin(); it != train.end(); ++it) {
      if (!kManagedTrain.count(it.key())) j["train"][it.key()] = copy(it.value());
    }
  }
}

QStringList SweepForm::keptFields() const {
  QStringList kept;
  for (auto it = base_.begin(); it != base_.end(); ++it) {
    if (!kManagedTop.count(it.key())) kept << QString::fromStdString(it.key());
  }
  for (const char* group : {"task", "train"}) {
    const json obj = base_.value(group, json::object());
    if (!obj.is_object()) continue;
    const auto& managed = std::string(group) == "task" ? kManagedTask : kManagedTrain;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      if (!managed.count(it.key()))
        kept << QStringLiteral("%1.%2").arg(group, QString::fromStdString(it.key()));
    }
  }
  return kept;
}

void SweepForm::setJson(const json& sweep) {
  QSignalBlocker block(this);  // one changed() at the end, not one per widget
  const json empty = json::object();
  const json& s = sweep.is_object() ? sweep : empty;
  base_ = s;
  name_->setText(jsonText(s.value("name", json())));
  name_->setCursorPosition(0);  // long names: show their beginning
  description_->setText(jsonText(s.value("description", json())));
  const json& task = s.contains("task") && s["task"].is_object() ? s["task"] : empty;
  setCombo(dataset_, jsonText(task.value("dataset", json("fashion_mnist"))));
  QStringList groups;
  if (task.contains("groups") && task["groups"].is_array()) {
    for (const auto& g : task["groups"]) groups << listText(g);
  }
  groups_->setText(groups.join(QStringLiteral(" | ")));
  trainSize_->setValue(val(task, "train_size", 0));
  testSize_->setValue(val(task, "test_size", 0));
  // Synthetic knobs may sit in "synthetic" or directly in the task object.
  json knobs =
      task.contains("synthetic") && task["synthetic"].is_object() ? task["synthetic"] : empty;
  for (const char* k : {"dim", "classes", "n_train", "n_test", "teacher_width", "nonlinearity",
                        "label_noise", "seed"}) {
    if (task.contains(k)) knobs[k] = task[k];
  }
  synDim_->setValue(val(knobs, "dim", 32));
  synClasses_->setValue(val(knobs, "classes", 2));
  synTrain_->setValue(static_cast<int>(val(knobs, "n_train", 8000)));
  synTest_->setValue(static_cast<int>(val(knobs, "n_test", 2000)));
  synTeacher_->setValue(val(knobs, "teacher_width", 64));
  synNonlinearity_->setValue(val(knobs, "nonlinearity", 0.5));
  synNoise_->setValue(val(knobs, "label_noise", 0.0));
  synSeed_->setValue(static_cast<int>(val(knobs, "seed", 0)));

  ladder_->setJson(s.value("ladder", json::array()));
  weakSizes_->setText(listText(s.value("weak_sizes", json::array())));
  strongSizes_->setText(listText(s.value("strong_sizes", json::array())));
  setCombo(pairs_, jsonText(s.value("pairs", json("weak<=strong"))));
  views_->setJson(s.value("views", json::array({{{"name", "clean"}, {"type", "none"}}})));
  losses_->setJson(s.value("losses", json::array({"xent"})));
  seeds_->setText(listText(s.value("seeds", json::array({0}))));
  const json& train = s.contains("train") && s["train"].is_object() ? s["train"] : empty;
  lr_->setText(jsonText(train.value("lr", json(1e-3))));
  epochs_->setValue(val(train, "epochs", 2));
  batch_->setValue(val(train, "batch_size", 64));
  weightDecay_->setText(jsonText(train.value("weight_decay", json(0.0))));
  setCombo(schedule_, jsonText(train.value("schedule", json("cosine"))));
  evalEvery_->setValue(val(train, "eval_every", 50));
  const json dropLast = train.value("drop_last", json());
  dropLast_->setCurrentIndex(dropLast.is_boolean() ? (dropLast.get<bool>() ? 1 : 2) : 0);
  perSize_->setPlainText(s.contains("per_size") ? QString::fromStdString(s["per_size"].dump(2))
                                                : QString());
  setCombo(device_, jsonText(s.value("device", json("auto"))));
  bootstrap_->setChecked(val(s, "bootstrap", false));
  probeCombos_->setChecked(val(s, "probe_combos", false));
  const json& early =
      s.contains("early_stop") && s["early_stop"].is_object() ? s["early_stop"] : empty;
  earlyStop_->setValue(val(early, "val_frac", 0.0));
  iterations_->setValue(val(s, "student_iterations", 0));
  syncFamilyCombo();
  updateTaskVisibility();
  clearMarks();
  block.unblock();
  Q_EMIT changed();
}

QWidget* SweepForm::widgetFor(const QString& path) const {
  // path: "ladder[2].width", "seeds[1]", "train.lr", "task.groups[0][1]", "per_size.w16.lr"
  static const QRegularExpression kHead(
      QStringLiteral(R"(^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?)"));
  const auto m = kHead.match(path);
  if (!m.hasMatch()) return nullptr;
  const QString top = m.captured(1);
  const QString sub = m.captured(3);
  const std::map<QString, QWidget*> direct = {{"name", name_},
                                              {"description", description_},
                                              {"weak_sizes", weakSizes_},
                                              {"strong_sizes", strongSizes_},
                                              {"pairs", pairs_},
                                              {"seeds", seeds_},
                                              {"per_size", perSize_},
                                              {"device", device_},
                                              {"bootstrap", bootstrap_},
                                              {"probe_combos", probeCombos_},
                                              {"early_stop", earlyStop_},
                                              {"student_iterations", iterations_},
                                              {"ladder", ladder_->table()},
                                              {"views", views_->table()},
                                              {"losses", losses_->table()}};
  if (top == QLatin1String("task")) {
    const std::map<QString, QWidget*> task = {{"dataset", dataset_},
                                              {"groups", groups_},
                                              {"train_size", trainSize_},
                                              {"test_size", testSize_},
                                              {"dim", synDim_},
                                              {"classes", synClasses_},
                                              {"n_train", synTrain_},
                                              {"n_test", synTest_},
                                              {"teacher_width", synTeacher_},
                                              {"nonlinearity", synNonlinearity_},
                                              {"label_noise", synNoise_},
                                              {"seed", synSeed_}};
    QString key = sub;
    if (key == QLatin1String("synthetic")) key = path.section(QLatin1Char('.'), 2, 2);
    auto it = task.find(key);
    return it != task.end() ? it->second : dataset_;
  }
  if (top == QLatin1String("train")) {
    const std::map<QString, QWidget*> train = {{"lr", lr_},
                                               {"epochs", epochs_},
                                               {"batch_size", batch_},
                                               {"weight_decay", weightDecay_},
                                               {"schedule", schedule_},
                                               {"drop_last", dropLast_},
                                               {"eval_every", evalEvery_}};
    auto it = train.find(sub);
    return it != train.end() ? it->second : lr_;
  }
  auto it = direct.find(top);
  return it != direct.end() ? it->second : nullptr;
}

QWidget* SweepForm::markInvalid(const QString& path, const QString& message) {
  clearMarks();
  QWidget* w = widgetFor(path);
  if (!w) return nullptr;
  // Selector by class name so the border does not cascade into child widgets.
  w->setStyleSheet(QStringLiteral("%1 { border: 2px solid #D55E00; border-radius: 3px; }")
                       .arg(QString::fromLatin1(w->metaObject()->className())));
  if (!w->property("w2sInvalid").toBool()) w->setProperty("w2sTip", w->toolTip());
  w->setToolTip(message);
  w->setProperty("w2sInvalid", true);
  marked_ = w;
  // Table rows: also tint the offending cell (or row).
  static const QRegularExpression kRow(
      QStringLiteral(R"(^(ladder|views|losses)\[(\d+)\](?:\.([a-z_]+))?)"));
  const auto m = kRow.match(path);
  if (m.hasMatch()) {
    JsonRowTable* t = m.captured(1) == QLatin1String("ladder")  ? ladder_
                      : m.captured(1) == QLatin1String("views") ? views_
                                                                : losses_;
    t->markCell(m.captured(2).toInt(), m.captured(3).isEmpty() ? -1 : t->columnOf(m.captured(3)),
                message);
  }
  return w;
}

void SweepForm::clearMarks() {
  for (JsonRowTable* t : {ladder_, views_, losses_}) t->markCell(-1, -1, QString());
  if (!marked_) return;
  marked_->setStyleSheet(QString());
  marked_->setToolTip(marked_->property("w2sTip").toString());
  marked_->setProperty("w2sInvalid", false);
  marked_ = nullptr;
}

}  // namespace w2s
