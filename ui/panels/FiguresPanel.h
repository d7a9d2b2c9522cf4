#pragma once
// The Figures screen: a figure selector, filters and options, the interactive chart, export.
// Reads the store on a worker thread (its own RunStore connection); live evaluation points are
// buffered and drawn in coalesced batches.
#include <QString>
#include <QWidget>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"
#include "ui/export/ExportOptions.h"

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QStackedWidget;
class QTimer;
template <typename T>
class QFutureWatcher;
QT_END_NAMESPACE

namespace w2s {

class ChartView;
struct ChartSpec;
class FacetView;
class StudentPicker;
struct FigureLoad;

class FiguresPanel : public QWidget {
  Q_OBJECT

 public:
  explicit FiguresPanel(QWidget* parent = nullptr);
  ~FiguresPanel() override;

  /// The store to read; schedules a refresh.
  void setStorePath(const QString& dbPath);
  /// The sweep whose figures are drawn; -1 = the whole store. Schedules a refresh.
  void setSweepId(qint64 id);
  QString storePath() const { return dbPath_; }
  qint64 sweepId() const { return sweepId_; }

  /// The figure shown, by catalog name ("curves", "pgr", ...).
  QString currentFigure() const;
  void setCurrentFigure(const QString& name);
  /// The options the controls describe.
  FigureOptions options() const;
  /// Size and fonts used by exports (the last export dialog's choice).
  void setExportOptions(const ExportOptions& options) { exportOptions_ = options; }
  const FigureData& data() const { return data_; }
  ChartView* chartView() const { return view_; }
  /// The small multiples view (shown instead of chartView() when the figure is in panels).
  FacetView* facetView() const { return facetView_; }
  /// Whether the figure shown is in panels.
  bool showsPanels() const;
  /// The panels choice ("auto", "none", "view", "view,split"); false for one the current
  /// figure does not offer.
  bool setPanels(const QString& choice);
  /// Checks exactly these students for figures 1 and 1b (and reads their curves).
  void setCurveStudents(const std::vector<std::string>& hashes);
  StudentPicker* studentPicker() const { return students_; }
  /// Beside figures 1 and 1b: the size figure the curves were opened from ("pgr" until one
  /// was), one chart without bands or legend, where the drawn students' points are ringed and
  /// hovering a curve rings only its student's. Hidden with "Size figure beside" unchecked and
  /// for other figures.
  ChartView* linkedView() const { return linked_; }
  QString linkedFigure() const { return linkedFigure_; }
  void setLinkedShown(bool shown);

 public Q_SLOTS:
  /// Coalesced (single-shot timer) re-read of the store.
  void scheduleRefresh();
  /// A live evaluation point; drawn with the next coalesced redraw.
  void onJobEval(const QString& hash, qint64 step, double testAcc);
  /// Every figure in PDF, SVG and PNG (+ CSV) into `folder`.
  void exportAll(const QString& folder);
  /// Asks for a file and options, then exports the current figure.
  void exportCurrent();
  /// Figure 1 with exactly these students (a click on a point of a size figure: linked views).
  void openCurves(const QStringList& hashes);

 Q_SIGNALS:
  /// The store was read and the chart redrawn.
  void refreshed();
  /// Files written by an export.
  void exported(const QStringList& files);
  void errorOccurred(const QString& message);

 private:
  void buildControls();
  void startLoad();
  void onLoaded();
  void flushLive();
  void redraw();
  void syncControls();
  void populateFilters();
  void populateStudents();
  void populatePanels();
  /// Draws a single-chart spec in chartView(), in place when its structure is unchanged.
  void showChart(ChartSpec spec);
  void redrawLinked();
  bool showsCurves() const;
  /// The students figure 1 or 1b draws now (ringed beside them while no curve is hovered).
  QStringList drawnStudents() const;
  void showError(const QString& message);
  std::vector<std::string> checkedStudents() const;

  QString dbPath_;
  qint64 sweepId_ = -1;
  FigureData data_;
  ExportOptions exportOptions_;
  std::map<std::string, std::vector<std::pair<qint64, double>>> liveBuffer_;
  /// Every live point seen, per job: the store holds a curve only once its job finished, so a
  /// reload must not lose what was drawn while it trained.
  std::map<std::string, std::vector<EvalPoint>> liveCurves_;
  std::unique_ptr<QFutureWatcher<FigureLoad>> watcher_;
  bool reloadPending_ = false;
  bool populating_ = false;

  QTimer* refreshTimer_;
  QTimer* liveTimer_;
  ChartView* view_;
  FacetView* facetView_;
  ChartView* linked_;
  QString linkedFigure_ = QStringLiteral("pgr");
  QCheckBox* showLinked_;
  QStackedWidget* stack_;
  QComboBox* panels_;
  QComboBox *figure_, *viewFilter_, *loss_, *band_, *split_, *curveX_, *curveY_;
  QComboBox *methodA_, *methodB_, *metric_;  ///< the paired comparison (figure "compare")
  QWidget* compareRow_;
  QSlider* smoothing_;
  QLabel *smoothingLabel_, *status_;
  QCheckBox *raw_, *logY_;
  QPushButton *reset_, *export_;
  StudentPicker* students_;
  QWidget* studentsBox_;
};

}  // namespace w2s
