#include "ui/models/JobLabel.h"

#include <QStringList>

#include "core/job/JobLabels.h"

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

QString jobLabel(JobKind kind, const nlohmann::json& labelsJson) {
  const JobLabels labels = JobLabels::fromJson(labelsJson);
  auto q = [](const std::string& s) { return QString::fromStdString(s); };
  QStringList parts;
  const QString view = q(labels.view);
  if (kind == JobKind::Student) {
    parts << QStringLiteral("student %1→%2").arg(q(labels.weakSize), q(labels.strongSize));
    if (!view.isEmpty()) parts << view;
    if (!labels.loss.empty()) parts << q(labels.loss);
  } else {
    std::string size = labels.size;
    if (size.empty()) size = kind == JobKind::Weak ? labels.weakSize : labels.strongSize;
    parts << QStringLiteral("%1 %2").arg(QLatin1String(toString(kind)), q(size)).trimmed();
    if (kind == JobKind::Weak && !view.isEmpty()) parts << view;
  }
  if (labels.seed) parts << QStringLiteral("seed %1").arg(*labels.seed);
  return parts.join(QStringLiteral(" · "));
}

}  // namespace w2s
