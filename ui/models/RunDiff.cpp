#include "ui/models/RunDiff.h"

#include <QVariantMap>
#include <algorithm>

#include "ui/models/JobLabel.h"

namespace w2s {

namespace {

QVariantMap fieldsOf(const JobRecord& r) {
  QVariantMap f;
  flattenJson(r.config, QStringLiteral("config"), f);
  flattenJson(r.labels, QStringLiteral("labels"), f);
  const bool done = r.status == JobStatus::Done;
  f.insert(QStringLiteral("hash"), QString::fromStdString(r.hash));
  f.insert(QStringLiteral("kind"), QLatin1String(toString(r.kind)));
  f.insert(QStringLiteral("status"), QLatin1String(toString(r.status)));
  f.insert(QStringLiteral("params"), static_cast<qlonglong>(r.paramCount));
  if (done) {
    f.insert(QStringLiteral("final_acc"), QString::number(r.finalAcc, 'f', 4));
    f.insert(QStringLiteral("best_acc"), QString::number(r.bestAcc, 'f', 4));
    f.insert(QStringLiteral("best_step"), static_cast<qlonglong>(r.bestStep));
    f.insert(QStringLiteral("seconds"), QString::number(r.seconds, 'f', 1));
  }
  if (!r.error.empty()) f.insert(QStringLiteral("error"), QString::fromStdString(r.error));
  if (!r.tags.empty()) f.insert(QStringLiteral("tags"), QString::fromStdString(r.tags));
  if (!r.notes.empty()) f.insert(QStringLiteral("notes"), QString::fromStdString(r.notes));
  return f;
}

// Results and identity first, then labels, then the config paths.
int rank(const QString& field) {
  if (field.startsWith(QLatin1String("config."))) return 2;
  if (field.startsWith(QLatin1String("labels."))) return 1;
  return 0;
}

}  // namespace

std::vector<FieldDiff> diffRuns(const JobRecord& a, const JobRecord& b) {
  const QVariantMap fa = fieldsOf(a), fb = fieldsOf(b);
  QStringList names = fa.keys();
  for (const QString& k : fb.keys()) {
    if (!fa.contains(k)) names << k;
  }
  std::stable_sort(names.begin(), names.end(), [](const QString& x, const QString& y) {
    return rank(x) != rank(y) ? rank(x) < rank(y) : x < y;
  });
  std::vector<FieldDiff> out;
  for (const QString& name : names) {
    FieldDiff d;
    d.field = name;
    d.a = fa.value(name).toString();
    d.b = fb.value(name).toString();
    d.differs = fa.contains(name) != fb.contains(name) || d.a != d.b;
    out.push_back(d);
  }
  return out;
}

}  // namespace w2s
