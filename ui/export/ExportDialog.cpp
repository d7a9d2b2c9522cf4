#include "ui/export/ExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <cmath>

namespace w2s {

ExportDialog::ExportDialog(const QString& basePath, const ExportOptions& options, QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(tr("Export figure"));
  auto* form = new QFormLayout(this);

  auto* pathRow = new QHBoxLayout;
  path_ = new QLineEdit(basePath);
  path_->setToolTip(tr("File name without suffix; one file per chosen format"));
  auto* browse = new QPushButton(tr("Browse…"));
  connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
  pathRow->addWidget(path_, 1);
  pathRow->addWidget(browse);
  form->addRow(tr("&File"), pathRow);

  auto* formats = new QHBoxLayout;
  pdf_ = new QCheckBox(tr("PDF"));
  svg_ = new QCheckBox(tr("SVG"));
  png_ = new QCheckBox(tr("PNG"));
  csv_ = new QCheckBox(tr("data as CSV"));
  for (QCheckBox* c : {pdf_, svg_, png_, csv_}) {
    c->setChecked(c != png_);
    formats->addWidget(c);
  }
  csv_->setChecked(options.writeCsv);
  form->addRow(tr("Formats"), formats);

  preset_ = new QComboBox;
  for (const auto& p : ExportOptions::presets()) preset_->addItem(p.label, p.name);
  preset_->addItem(tr("Custom"), QString());
  form->addRow(tr("&Size"), preset_);

  width_ = new QDoubleSpinBox;
  width_->setRange(0.5, 40);
  width_->setDecimals(3);
  width_->setSuffix(tr(" in"));
  width_->setValue(options.widthIn);
  form->addRow(tr("&Width"), width_);

  auto* heightRow = new QHBoxLayout;
  height_ = new QDoubleSpinBox;
  height_->setRange(0.5, 40);
  height_->setDecimals(3);
  height_->setSuffix(tr(" in"));
  golden_ = new QCheckBox(tr("width / golden ratio"));
  golden_->setChecked(options.heightIn <= 0);
  height_->setValue(options.height());
  heightRow->addWidget(height_, 1);
  heightRow->addWidget(golden_);
  form->addRow(tr("&Height"), heightRow);

  dpi_ = new QSpinBox;
  dpi_->setRange(36, 2400);
  dpi_->setValue(options.dpi);
  dpi_->setSuffix(tr(" dpi"));
  dpi_->setToolTip(tr("PNG only: 300 dpi for colour, 600 for line art"));
  form->addRow(tr("PNG &resolution"), dpi_);

  font_ = new QDoubleSpinBox;
  font_->setRange(4, 30);
  font_->setDecimals(1);
  font_->setSingleStep(0.5);
  font_->setSuffix(tr(" pt"));
  font_->setValue(options.fontPt);
  font_->setToolTip(
      tr("Axis titles; ticks and legend are 1 pt smaller (8–9 pt for a 10 pt paper)"));
  form->addRow(tr("&Font size"), font_);

  int presetIndex = preset_->count() - 1;
  for (int i = 0; i + 1 < preset_->count(); ++i) {
    if (std::abs(ExportOptions::presets()[static_cast<size_t>(i)].widthIn - options.widthIn) <
        1e-6) {
      presetIndex = i;
      break;
    }
  }
  preset_->setCurrentIndex(presetIndex);
  connect(preset_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          &ExportDialog::applyPreset);
  connect(width_, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this] {
    const int i = preset_->currentIndex();
    if (i + 1 < preset_->count() &&
        std::abs(ExportOptions::presets()[static_cast<size_t>(i)].widthIn - width_->value()) >
            1e-6) {
      preset_->setCurrentIndex(preset_->count() - 1);
    }
    updateHeight();
  });
  connect(golden_, &QCheckBox::toggled, this, &ExportDialog::updateHeight);
  updateHeight();

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  form->addRow(buttons);
}

void ExportDialog::applyPreset(int index) {
  if (index < 0 || index + 1 >= preset_->count()) return;  // custom: keep the typed width
  width_->setValue(ExportOptions::presets()[static_cast<size_t>(index)].widthIn);
}

void ExportDialog::updateHeight() {
  height_->setEnabled(!golden_->isChecked());
  if (golden_->isChecked()) {
    ExportOptions o;
    o.widthIn = width_->value();
    height_->setValue(o.height());
  }
}

void ExportDialog::browse() {
  const QString file = QFileDialog::getSaveFileName(this, tr("Export figure"), path_->text());
  if (file.isEmpty()) return;
  const QFileInfo info(file);
  path_->setText(info.path() + QLatin1Char('/') + info.completeBaseName());
}

ExportOptions ExportDialog::options() const {
  ExportOptions o;
  o.widthIn = width_->value();
  o.heightIn = golden_->isChecked() ? 0.0 : height_->value();
  o.dpi = dpi_->value();
  o.fontPt = font_->value();
  o.writeCsv = csv_->isChecked();
  return o;
}

QStringList ExportDialog::paths() const {
  QStringList out;
  const QString base = path_->text().trimmed();
  if (base.isEmpty()) return out;
  if (pdf_->isChecked()) out << base + QStringLiteral(".pdf");
  if (svg_->isChecked()) out << base + QStringLiteral(".svg");
  if (png_->isChecked()) out << base + QStringLiteral(".png");
  return out;
}

}  // namespace w2s
