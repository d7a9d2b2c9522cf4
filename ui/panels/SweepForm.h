#pragma once
// The sweep designer's input widgets and their mapping to and from the sweep JSON that
// `w2s run` takes (docs/sweep-format.md). No validation here: core does that.
#include <QString>
#include <QStringList>
#include <QWidget>
#include <nlohmann/json.hpp>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace w2s {

class JsonRowTable;

class SweepForm : public QWidget {
  Q_OBJECT
 public:
  explicit SweepForm(QWidget* parent = nullptr);

  /// The sweep file the widgets describe, keys in the documented order.
  nlohmann::ordered_json toJson() const;
  /// Fills the widgets from a sweep file (missing keys get core's defaults). Fields the form
  /// has no widget for are kept as they are and written back by toJson().
  void setJson(const nlohmann::json& sweep);
  /// Paths of the loaded file's fields that no widget edits ("methods", "train.mode").
  QStringList keptFields() const;

  /// Marks the widget that holds `path` (e.g. "ladder[2].width") with a red border and
  /// `message` as its tooltip; returns it (nullptr if no widget holds that path).
  QWidget* markInvalid(const QString& path, const QString& message);
  /// Removes every mark.
  void clearMarks();
  /// The widget currently marked invalid (nullptr if none).
  QWidget* markedWidget() const { return marked_; }
  /// The widget editing `path` ("train.lr", "seeds[1]", "ladder[0].name" ...), or nullptr.
  QWidget* widgetFor(const QString& path) const;

  // For tests and the main window: direct access to a few inputs.
  QLineEdit* seedsEdit() const { return seeds_; }
  QCheckBox* bootstrapBox() const { return bootstrap_; }
  QCheckBox* probeCombosBox() const { return probeCombos_; }
  QDoubleSpinBox* earlyStopSpin() const { return earlyStop_; }
  QLineEdit* lrEdit() const { return lr_; }
  JsonRowTable* ladderTable() const { return ladder_; }

 Q_SIGNALS:
  /// Any input changed.
  void changed();

 private:
  QWidget* buildTask();
  QWidget* buildModels();
  QWidget* buildRuns();
  QWidget* buildTraining();
  void syncFamilyCombo();
  void mergeKept(nlohmann::ordered_json& j) const;
  void updateTaskVisibility();

  QLineEdit* name_;
  QLineEdit* description_;
  QComboBox* dataset_;
  QLineEdit* groups_;
  QSpinBox* trainSize_;
  QSpinBox* testSize_;
  QGroupBox* synthetic_;
  QSpinBox* synDim_;
  QSpinBox* synClasses_;
  QSpinBox* synTrain_;
  QSpinBox* synTest_;
  QSpinBox* synTeacher_;
  QDoubleSpinBox* synNonlinearity_;
  QDoubleSpinBox* synNoise_;
  QSpinBox* synSeed_;
  QComboBox* family_;
  JsonRowTable* ladder_;
  QLineEdit* weakSizes_;
  QLineEdit* strongSizes_;
  QComboBox* pairs_;
  JsonRowTable* views_;
  JsonRowTable* losses_;
  QLineEdit* seeds_;
  QLineEdit* lr_;
  QSpinBox* epochs_;
  QSpinBox* batch_;
  QLineEdit* weightDecay_;
  QComboBox* schedule_;
  QComboBox* dropLast_;  ///< "auto" (on for logconf) | "on" | "off"
  QSpinBox* evalEvery_;
  QPlainTextEdit* perSize_;
  QComboBox* device_;
  QCheckBox* bootstrap_;
  QCheckBox* probeCombos_;
  QDoubleSpinBox* earlyStop_;
  QSpinBox* iterations_;
  QWidget* marked_ = nullptr;
  nlohmann::json base_ = nlohmann::json::object();  ///< the file last loaded
};

}  // namespace w2s
