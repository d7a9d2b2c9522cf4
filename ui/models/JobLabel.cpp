#include "ui/models/JobLabel.h"

#include <QStringList>

namespace w2s {

QString jsonText(const nlohmann::json& value) {
  if (value.is_null()) return QString();
  if (value.is_string()) return QString::fromStdString(value.get<std::string>());
  if (value.is_number_float()) return QString::number(value.get<double>(), 'g', 6);
  return QString::fromStdString(value.dump());
}

void flattenJson(const nlohmann::json& value, const QString& prefix, QVariantMap& out) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      const QString key = QString::fromStdString(it.key());
      flattenJson(it.value(), prefix.isEmpty() ? key : prefix + QLatin1Char('.') + key, out);
    }
    return;
  }
  if (prefix.isEmpty()) return;
  if (value.is_array()) {
    out.insert(prefix, QString::fromStdString(value.dump()));
  } else if (value.is_boolean()) {
    out.insert(prefix, value.get<bool>());
  } else if (value.is_number_unsigned()) {
    out.insert(prefix, static_cast<qulonglong>(value.get<uint64_t>()));
  } else if (value.is_number_integer()) {
    out.insert(prefix, static_cast<qlonglong>(value.get<int64_t>()));
  } else if (value.is_number()) {
    out.insert(prefix, value.get<double>());
  } else {
    out.insert(prefix, jsonText(value));
  }
}

namespace {
QString field(const nlohmann::json& labels, const char* key) {
  if (!labels.is_object() || !labels.contains(key)) return QString();
  return jsonText(labels.at(key));
}
}  // namespace

QString jobLabel(const std::string& kind, const nlohmann::json& labels) {
  QStringList parts;
  const QString seed = field(labels, "seed");
  const QString view = field(labels, "view");
  if (kind == "student") {
    parts << QStringLiteral("student %1→%2")
                 .arg(field(labels, "weak_size"), field(labels, "strong_size"));
    if (!view.isEmpty()) parts << view;
    const QString loss = field(labels, "loss");
    if (!loss.isEmpty()) parts << loss;
  } else {
    QString size = field(labels, "size");
    if (size.isEmpty()) size = field(labels, kind == "weak" ? "weak_size" : "strong_size");
    parts << QStringLiteral("%1 %2").arg(QString::fromStdString(kind), size).trimmed();
    if (kind == "weak" && !view.isEmpty()) parts << view;
  }
  if (!seed.isEmpty()) parts << QStringLiteral("seed %1").arg(seed);
  return parts.join(QStringLiteral(" · "));
}

}  // namespace w2s
