#include "ui/panels/FormFields.h"

#include <QComboBox>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStringList>
#include <algorithm>

#include "ui/models/JobLabel.h"

namespace w2s {

using ojson = nlohmann::ordered_json;

namespace {

const QRegularExpression& listSeparator() {
  static const QRegularExpression re(QStringLiteral("[,\\s]+"));
  return re;
}

}  // namespace

ojson numberList(const QString& text) {
  ojson out = ojson::array();
  for (const QString& token : text.split(listSeparator(), Qt::SkipEmptyParts)) {
    bool ok = false;
    const qlonglong v = token.toLongLong(&ok);
    if (ok) {
      out.push_back(v);
    } else {
      out.push_back(token.toStdString());
    }
  }
  return out;
}

ojson nameList(const QString& text) {
  ojson out = ojson::array();
  for (const QString& token : text.split(listSeparator(), Qt::SkipEmptyParts)) {
    out.push_back(token.toStdString());
  }
  return out;
}

ojson numberText(const QString& text) {
  bool ok = false;
  const double v = text.trimmed().toDouble(&ok);
  return ok ? ojson(v) : ojson(text.trimmed().toStdString());
}

QString listText(const nlohmann::json& array) {
  QStringList parts;
  if (array.is_array()) {
    for (const auto& v : array) parts << jsonText(v);
  }
  return parts.join(QStringLiteral(", "));
}

QSpinBox* spin(int min, int max, int value, QWidget* parent) {
  auto* s = new QSpinBox(parent);
  s->setRange(min, max);
  s->setValue(value);
  s->setAccelerated(true);
  return s;
}

void setCombo(QComboBox* combo, const QString& text) {
  int i = combo->findText(text);
  if (i < 0 && combo->isEditable()) {
    combo->addItem(text);
    i = combo->count() - 1;
  }
  combo->setCurrentIndex(std::max(0, i));
}

}  // namespace w2s
