#include "ui/panels/FiguresPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtCharts/QLegend>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

#include "core/store/RunStore.h"
#include "core/util/Error.h"
#include "ui/charts/ChartView.h"
#include "ui/charts/FacetView.h"
#include "ui/charts/Facets.h"
#include "ui/charts/FigureCatalog.h"
#include "ui/charts/FigureChart.h"
#include "ui/charts/FigureStyle.h"
#include "ui/charts/figures/ComparisonFigure.h"
#include "ui/panels/StudentPicker.h"

namespace w2s {

/// What the loader thread hands back.
struct FigureLoad {
  FigureData data;
  QString error;
};

namespace {
constexpr int kRefreshMs = 80;  // coalesces bursts of jobFinished
constexpr int kLiveMs = 60;     // at most ~16 redraws per second while jobs train
}  // namespace

FiguresPanel::FiguresPanel(QWidget* parent)
    : QWidget(parent),
      watcher_(std::make_unique<QFutureWatcher<FigureLoad>>()),
      refreshTimer_(new QTimer(this)),
      liveTimer_(new QTimer(this)) {
  refreshTimer_->setSingleShot(true);
  refreshTimer_->setInterval(kRefreshMs);
  connect(refreshTimer_, &QTimer::timeout, this, &FiguresPanel::startLoad);
  liveTimer_->setSingleShot(true);
  liveTimer_->setInterval(kLiveMs);
  connect(liveTimer_, &QTimer::timeout, this, &FiguresPanel::flushLive);
  connect(watcher_.get(), &QFutureWatcher<FigureLoad>::finished, this, &FiguresPanel::onLoaded);
  buildControls();
  syncControls();
  redraw();
}

FiguresPanel::~FiguresPanel() {
  // The loader holds its own store connection and copies of every argument: just wait for it.
  if (watcher_->isRunning()) watcher_->waitForFinished();
}

void FiguresPanel::buildControls() {
  auto* top = new QHBoxLayout;
  auto* second = new QHBoxLayout;
  compareRow_ = new QWidget;
  auto* third = new QHBoxLayout(compareRow_);
  third->setContentsMargins(0, 0, 0, 0);
  auto labelled = [](QHBoxLayout* row, const QString& text, QWidget* w) {
    auto* l = new QLabel(text);
    l->setBuddy(w);
    row->addWidget(l);
    row->addWidget(w);
  };
  figure_ = new QComboBox;
  for (const auto& f : FigureCatalog::all()) {
    figure_->addItem(QStringLiteral("%1 · %2").arg(f.number, f.title), f.name);
  }
  labelled(top, tr("&Figure"), figure_);
  viewFilter_ = new QComboBox;
  labelled(top, tr("&View"), viewFilter_);
  loss_ = new QComboBox;
  labelled(top, tr("&Loss"), loss_);
  band_ = new QComboBox;
  band_->addItem(tr("95% CI"), QStringLiteral("ci95"));
  band_->addItem(tr("± std"), QStringLiteral("std"));
  band_->addItem(tr("min–max"), QStringLiteral("minmax"));
  band_->addItem(tr("none"), QStringLiteral("none"));
  band_->setToolTip(tr("Spread over seeds drawn around the mean"));
  labelled(top, tr("&Band"), band_);
  split_ = new QComboBox;
  split_->addItem(tr("all three"), static_cast<int>(AgreementSplit::Every));
  split_->addItem(tr("all examples"), static_cast<int>(AgreementSplit::All));
  split_->addItem(tr("supervisor right"), static_cast<int>(AgreementSplit::SupervisorRight));
  split_->addItem(tr("supervisor wrong"), static_cast<int>(AgreementSplit::SupervisorWrong));
  labelled(top, tr("S&plit"), split_);
  panels_ = new QComboBox;
  panels_->setObjectName(QStringLiteral("panels"));
  panels_->setToolTip(
      tr("Small multiples: one panel per view, loss, task or agreement split, sharing axes and "
         "one legend. Auto splits a figure whose legend would exceed %1 entries.")
          .arg(Facets::kMaxLegendEntries));
  labelled(top, tr("P&anels"), panels_);
  top->addStretch(1);

  methodA_ = new QComboBox;
  methodA_->setObjectName(QStringLiteral("methodA"));
  methodA_->setToolTip(
      tr("Method A: a loss (direct students) or LOSS+METHOD, as reports name them"));
  labelled(third, tr("Method &A"), methodA_);
  methodB_ = new QComboBox;
  methodB_->setObjectName(QStringLiteral("methodB"));
  methodB_->setToolTip(tr("Method B, the baseline A is compared with, cell by cell"));
  labelled(third, tr("Meth&od B"), methodB_);
  metric_ = new QComboBox;
  metric_->setObjectName(QStringLiteral("compareMetric"));
  for (OutcomeMetric m : allOutcomeMetrics()) {
    metric_->addItem(QString::fromUtf8(outcomeMetricLabel(m)), static_cast<int>(m));
  }
  labelled(third, tr("&Metric"), metric_);
  third->addStretch(1);

  curveX_ = new QComboBox;
  curveX_->addItem(tr("step"), static_cast<int>(CurveX::Step));
  curveX_->addItem(tr("epoch"), static_cast<int>(CurveX::Epoch));
  labelled(second, tr("&x axis"), curveX_);
  curveY_ = new QComboBox;
  curveY_->setObjectName(QStringLiteral("curveY"));
  curveY_->addItem(tr("test accuracy"), static_cast<int>(CurveY::Test));
  curveY_->addItem(tr("train acc. (given labels)"), static_cast<int>(CurveY::TrainGivenLabels));
  curveY_->setToolTip(
      tr("Test accuracy, or accuracy against the labels the student trains on (its supervisor's) "
         "on 2,048 training examples: rising while test accuracy falls is overfitting to the "
         "supervisor"));
  labelled(second, tr("&y axis"), curveY_);
  smoothing_ = new QSlider(Qt::Horizontal);
  smoothing_->setRange(0, 99);
  smoothing_->setValue(60);
  smoothing_->setMaximumWidth(160);
  smoothing_->setToolTip(tr("De-biased exponential moving average over every stored point"));
  labelled(second, tr("&Smoothing"), smoothing_);
  smoothingLabel_ = new QLabel;
  smoothingLabel_->setMinimumWidth(32);
  second->addWidget(smoothingLabel_);
  raw_ = new QCheckBox(tr("show &raw"));
  raw_->setChecked(true);
  second->addWidget(raw_);
  logY_ = new QCheckBox(tr("log &y"));
  second->addWidget(logY_);
  showLinked_ = new QCheckBox(tr("Size figure &beside"));
  showLinked_->setObjectName(QStringLiteral("showLinked"));
  showLinked_->setChecked(
      QSettings().value(QStringLiteral("figures/sizeFigureBeside"), true).toBool());
  showLinked_->setToolTip(
      tr("Beside the curves, the size figure they were opened from (PGR vs strong size until "
         "then): hovering a curve rings its student's points there, clicking a point there opens "
         "its students' curves"));
  second->addWidget(showLinked_);
  second->addStretch(1);
  reset_ = new QPushButton(tr("Reset &zoom"));
  reset_->setToolTip(
      tr("Drag: zoom to a rectangle · wheel: zoom (Ctrl: x only) · Shift+drag or "
         "middle button: pan · double click, right click or R: reset · "
         "click a legend entry: hide/show its series"));
  second->addWidget(reset_);
  export_ = new QPushButton(tr("&Export…"));
  export_->setToolTip(tr("PDF, SVG and PNG at paper-column sizes, with the data as CSV"));
  second->addWidget(export_);

  view_ = new ChartView;
  view_->setMinimumSize(420, 300);
  studentsBox_ = new QWidget;
  auto* sb = new QVBoxLayout(studentsBox_);
  sb->setContentsMargins(0, 0, 0, 0);
  sb->addWidget(new QLabel(tr("Students (none checked: default choice)")));
  students_ = new StudentPicker;
  sb->addWidget(students_);
  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(studentsBox_);
  facetView_ = new FacetView;
  facetView_->setMinimumSize(420, 300);
  stack_ = new QStackedWidget;
  stack_->addWidget(view_);
  stack_->addWidget(facetView_);
  split->addWidget(stack_);
  linked_ = new ChartView;
  linked_->setObjectName(QStringLiteral("linkedFigure"));
  linked_->setMinimumSize(260, 240);
  linked_->hide();  // shown beside figures 1 and 1b (redrawLinked)
  split->addWidget(linked_);
  split->setStretchFactor(1, 3);
  split->setStretchFactor(2, 2);
  split->setSizes({230, 700, 420});
  status_ = new QLabel;
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addLayout(second);
  layout->addWidget(compareRow_);
  layout->addWidget(split, 1);
  layout->addWidget(status_);

  auto redrawSoon = [this] {
    if (!populating_) redraw();
  };
  connect(figure_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    syncControls();
    redraw();
  });
  for (QComboBox* c : {viewFilter_, loss_, band_, split_, panels_, curveX_, curveY_, methodA_,
                       methodB_, metric_}) {
    connect(c, qOverload<int>(&QComboBox::currentIndexChanged), this, redrawSoon);
  }
  connect(smoothing_, &QSlider::valueChanged, this, [this, redrawSoon] {
    smoothingLabel_->setText(QString::number(smoothing_->value() / 100.0, 'f', 2));
    redrawSoon();
  });
  smoothingLabel_->setText(QString::number(smoothing_->value() / 100.0, 'f', 2));
  connect(raw_, &QCheckBox::toggled, this, redrawSoon);
  connect(logY_, &QCheckBox::toggled, this, redrawSoon);
  connect(showLinked_, &QCheckBox::toggled, this, [this](bool on) {
    QSettings().setValue(QStringLiteral("figures/sizeFigureBeside"), on);
    redrawLinked();
  });
  connect(reset_, &QPushButton::clicked, view_, &ChartView::resetZoom);
  connect(facetView_, &FacetView::studentsClicked, this, &FiguresPanel::openCurves);
  connect(export_, &QPushButton::clicked, this, &FiguresPanel::exportCurrent);
  connect(students_, &StudentPicker::checkedChanged, this, [this] {
    if (!populating_) scheduleRefresh();  // newly checked curves must be read from the store
  });
}

void FiguresPanel::syncControls() {
  const FigureInfo* info = FigureCatalog::find(currentFigure());
  const unsigned c = info ? info->controls : 0;
  const bool curves = (c & kCurveControls) != 0;
  studentsBox_->setVisible(curves);
  for (QWidget* w : {static_cast<QWidget*>(curveX_), static_cast<QWidget*>(smoothing_),
                     static_cast<QWidget*>(smoothingLabel_), static_cast<QWidget*>(raw_)}) {
    w->setEnabled(curves);
  }
  curveY_->setEnabled((c & kCurveYAxis) != 0);
  split_->setEnabled((c & kAgreementSplit) != 0);
  compareRow_->setVisible((c & kCompareRow) != 0);
  loss_->setEnabled((c & kLossFilter) != 0);
  band_->setEnabled((c & kSeedBand) != 0);
  logY_->setEnabled((c & kLogY) != 0);
  populatePanels();
}

void FiguresPanel::populatePanels() {
  const bool was = populating_;
  populating_ = true;
  const QString current = panels_->currentData().toString();
  panels_->clear();
  const FigureInfo* info = FigureCatalog::find(currentFigure());
  const std::vector<FacetBy> dims = info ? Facets::dimensions(*info) : std::vector<FacetBy>{};
  panels_->setEnabled(!dims.empty());
  panels_->addItem(tr("auto"), QStringLiteral("auto"));
  panels_->addItem(tr("none"), QStringLiteral("none"));
  for (FacetBy d : dims) panels_->addItem(tr("by %1").arg(facetName(d)), facetName(d));
  for (size_t i = 0; i < dims.size(); ++i) {
    for (size_t j = i + 1; j < dims.size(); ++j) {
      panels_->addItem(tr("%1 × %2").arg(facetName(dims[i]), facetName(dims[j])),
                       facetName(dims[i]) + QLatin1Char(',') + facetName(dims[j]));
    }
  }
  panels_->setCurrentIndex(std::max(0, panels_->findData(current)));
  populating_ = was;
}

bool FiguresPanel::setPanels(const QString& choice) {
  const int i = panels_->findData(choice);
  if (i < 0) return false;
  panels_->setCurrentIndex(i);
  return true;
}

bool FiguresPanel::showsPanels() const { return stack_->currentWidget() == facetView_; }

QString FiguresPanel::currentFigure() const { return figure_->currentData().toString(); }

void FiguresPanel::setCurrentFigure(const QString& name) {
  const int i = figure_->findData(name);
  if (i >= 0) figure_->setCurrentIndex(i);
}

FigureOptions FiguresPanel::options() const {
  FigureOptions o;
  o.students = checkedStudents();
  o.curveX = static_cast<CurveX>(curveX_->currentData().toInt());
  o.curveY = static_cast<CurveY>(curveY_->currentData().toInt());
  o.smoothing = smoothing_->value() / 100.0;
  o.showRaw = raw_->isChecked();
  bandKindFromString(band_->currentData().toString(), &o.band);
  o.view = viewFilter_->currentData().toString().toStdString();
  o.loss = loss_->currentData().toString().toStdString();
  o.split = static_cast<AgreementSplit>(split_->currentData().toInt());
  o.methodA = methodA_->currentData().toString().toStdString();
  o.methodB = methodB_->currentData().toString().toStdString();
  o.compareMetric = static_cast<OutcomeMetric>(metric_->currentData().toInt());
  o.logY = logY_->isEnabled() && logY_->isChecked();
  facetChoiceFromString(panels_->currentData().toString(), &o);
  return o;
}

std::vector<std::string> FiguresPanel::checkedStudents() const { return students_->checked(); }

void FiguresPanel::setCurveStudents(const std::vector<std::string>& hashes) {
  populating_ = true;
  students_->setChecked(hashes);
  populating_ = false;
  scheduleRefresh();
}

void FiguresPanel::setStorePath(const QString& dbPath) {
  if (dbPath != dbPath_) {
    dbPath_ = dbPath;
    liveCurves_.clear();
    liveBuffer_.clear();
    students_->setStudents({}, {});
  }
  scheduleRefresh();
}

void FiguresPanel::setSweepId(qint64 id) {
  sweepId_ = id;
  scheduleRefresh();
}

void FiguresPanel::scheduleRefresh() {
  if (!refreshTimer_->isActive()) refreshTimer_->start();
}

void FiguresPanel::startLoad() {
  if (dbPath_.isEmpty()) return;
  if (watcher_->isRunning()) {
    reloadPending_ = true;  // read again once the current read is in
    return;
  }
  const std::string path = dbPath_.toStdString();
  const std::optional<int64_t> sweep =
      sweepId_ >= 0 ? std::optional<int64_t>(sweepId_) : std::nullopt;
  const std::vector<std::string> hashes = checkedStudents();
  status_->setText(tr("Reading %1…").arg(dbPath_));
  watcher_->setFuture(QtConcurrent::run([path, sweep, hashes]() {
    FigureLoad load;
    try {
      RunStore store(path);  // this thread's own connection
      load.data = FigureData::load(store, sweep, hashes);
    } catch (const std::exception& e) {
      load.error = QString::fromUtf8(e.what());
    }
    return load;
  }));
}

void FiguresPanel::onLoaded() {
  FigureLoad load = watcher_->result();
  if (!load.error.isEmpty()) {
    showError(tr("Could not read the figures' data: %1").arg(load.error));
  } else {
    data_ = std::move(load.data);
    for (auto& [hash, curve] : data_.curves) {
      auto live = liveCurves_.find(hash);
      if (live != liveCurves_.end() && live->second.size() > curve.size()) curve = live->second;
    }
    populateFilters();
    populateStudents();
    status_->setText(tr("%1 finished students of %2 · %3")
                         .arg(data_.outcomes.size())
                         .arg(data_.students.size())
                         .arg(sweepId_ >= 0 ? tr("sweep %1").arg(sweepId_) : tr("whole store")));
    redraw();
    Q_EMIT refreshed();
  }
  if (reloadPending_) {
    reloadPending_ = false;
    scheduleRefresh();
  }
}

void FiguresPanel::populateFilters() {
  populating_ = true;
  auto fill = [](QComboBox* box, const QString& all, const std::vector<std::string>& values) {
    const QString current = box->currentData().toString();
    box->clear();
    box->addItem(all, QString());
    for (const auto& v : values) {
      box->addItem(QString::fromStdString(v), QString::fromStdString(v));
    }
    const int i = box->findData(current);
    box->setCurrentIndex(i >= 0 ? i : 0);
  };
  fill(viewFilter_, tr("all views"), data_.views);
  fill(loss_, tr("all losses"), data_.losses);
  // Methods the comparison can pair; the default pair (B = xent, A = the next) when the chosen
  // ones are not in the data.
  FigureOptions o = options();
  const auto names = methodNames(data_.outcomes);
  const auto [a, b] = ComparisonFigure::methods(data_, o);
  for (auto [box, chosen] : {std::make_pair(methodA_, a), std::make_pair(methodB_, b)}) {
    box->clear();
    for (const auto& n : names) box->addItem(QString::fromStdString(n), QString::fromStdString(n));
    box->setCurrentIndex(std::max(0, box->findData(QString::fromStdString(chosen))));
  }
  populating_ = false;
}

void FiguresPanel::populateStudents() {
  populating_ = true;
  students_->setStudents(data_.students, data_.curveStudents);
  populating_ = false;
}

void FiguresPanel::onJobEval(const QString& hash, qint64 step, double testAcc) {
  liveBuffer_[hash.toStdString()].emplace_back(step, testAcc);
  // Not restarted by later points: a steady stream still redraws every kLiveMs.
  if (!liveTimer_->isActive()) liveTimer_->start();
}

void FiguresPanel::flushLive() {
  bool changed = false;
  for (auto& [hash, points] : liveBuffer_) {
    auto& live = liveCurves_[hash];
    for (const auto& [step, acc] : points) {
      EvalPoint p;
      p.step = step;
      p.testAcc = acc;
      live.push_back(p);
      changed |= data_.appendEval(hash, step, acc);
    }
    if (!data_.jobHashes.count(hash)) scheduleRefresh();  // planned after the last read
  }
  liveBuffer_.clear();
  // The figures over training (curves, PGR over training) grow live; the others wait for the
  // store's next read.
  const FigureInfo* info = FigureCatalog::find(currentFigure());
  if (changed && info && (info->controls & kCurveControls)) redraw();
}

void FiguresPanel::redraw() {
  ChartSpec spec;
  try {
    FigureOptions o = options();
    o.table = false;  // built when exporting, not on every live redraw
    spec = FigureCatalog::build(currentFigure(), data_, o);
  } catch (const std::exception& e) {
    showError(QString::fromUtf8(e.what()));
    return;
  }
  if (spec.faceted()) {
    facetView_->setSpec(spec);
    stack_->setCurrentWidget(facetView_);
  } else {
    showChart(std::move(spec));
  }
  redrawLinked();
}

void FiguresPanel::showChart(ChartSpec spec) {
  stack_->setCurrentWidget(view_);
  FigureChart* chart = view_->figureChart();
  if (chart && chart->sameStructure(spec)) {  // same series: points replaced in place
    chart->updateData(std::move(spec));
    return;
  }
  auto* fresh = new FigureChart(spec, FigureStyle::screen());
  connect(fresh, &FigureChart::studentsClicked, this, &FiguresPanel::openCurves);
  connect(fresh, &FigureChart::studentHovered, this, [this](const QString& hash, bool on) {
    if (FigureChart* linked = linked_->figureChart()) {
      linked->highlightStudents(on ? QStringList{hash} : drawnStudents());
    }
  });
  view_->setFigureChart(fresh);
}

QStringList FiguresPanel::drawnStudents() const {
  QStringList hashes;
  if (!showsCurves() || !view_->figureChart()) return hashes;
  for (const SeriesSpec& s : view_->figureChart()->spec().series) {
    if (!s.student.isEmpty() && !hashes.contains(s.student)) hashes << s.student;
  }
  return hashes;
}

bool FiguresPanel::showsCurves() const {
  const FigureInfo* info = FigureCatalog::find(currentFigure());
  return info && (info->controls & kCurveControls);
}

void FiguresPanel::setLinkedShown(bool shown) { showLinked_->setChecked(shown); }

void FiguresPanel::redrawLinked() {
  const bool curves = showsCurves();
  showLinked_->setVisible(curves);
  linked_->setVisible(curves && showLinked_->isChecked());
  if (!linked_->isVisibleTo(this)) return;
  ChartSpec spec;
  try {
    FigureOptions o = options();
    o.table = false;
    o.students.clear();
    o.logY = false;
    o.band = BandKind::None;  // the points are what it is there for
    o.facetAuto = false;      // one chart: the rings must land on the one the user sees
    o.facetRows = o.facetCols = FacetBy::None;
    spec = FigureCatalog::build(linkedFigure_, data_, o);
  } catch (const std::exception& e) {
    showError(QString::fromUtf8(e.what()));
    return;
  }
  FigureChart* chart = linked_->figureChart();
  if (chart && chart->sameStructure(spec)) {
    chart->updateData(std::move(spec));
    chart->highlightStudents(drawnStudents());
    return;
  }
  auto* fresh = new FigureChart(spec, FigureStyle::screen());
  // Narrow: no legend (the tooltips name each line), the plot gets the width.
  fresh->legend()->hide();
  connect(fresh, &FigureChart::studentsClicked, this, &FiguresPanel::openCurves);
  linked_->setFigureChart(fresh);
  fresh->highlightStudents(drawnStudents());
}

void FiguresPanel::openCurves(const QStringList& hashes) {
  // The figure clicked in stays beside the curves (the heatmap's cells are no series to ring).
  if (!showsCurves() && currentFigure() != QLatin1String("heatmap")) {
    linkedFigure_ = currentFigure();
  }
  std::vector<std::string> students;
  for (const QString& h : hashes) students.push_back(h.toStdString());
  setCurrentFigure(QStringLiteral("curves"));
  setCurveStudents(students);
}

void FiguresPanel::showError(const QString& message) {
  status_->setText(message);
  Q_EMIT errorOccurred(message);
}

}  // namespace w2s
