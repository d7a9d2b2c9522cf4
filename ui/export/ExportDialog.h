#pragma once
// Asks where and how to export a figure: file, formats, size preset or custom size, dpi, font.
#include <QDialog>
#include <QStringList>

#include "ui/export/ExportOptions.h"

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;
QT_END_NAMESPACE

namespace w2s {

class ExportDialog : public QDialog {
  Q_OBJECT

 public:
  /// `basePath`: suggested file path without suffix (e.g. ~/figures/pgr).
  ExportDialog(const QString& basePath, const ExportOptions& options, QWidget* parent = nullptr);

  ExportOptions options() const;
  /// One path per chosen format (base path + .pdf/.svg/.png).
  QStringList paths() const;

 private:
  void applyPreset(int index);
  void updateHeight();
  void browse();
  QLineEdit* path_;
  QCheckBox *pdf_, *svg_, *png_, *csv_;
  QComboBox* preset_;
  QDoubleSpinBox *width_, *height_, *font_;
  QCheckBox* golden_;
  QSpinBox* dpi_;
};

}  // namespace w2s
