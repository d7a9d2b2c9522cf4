#include "ui/bridge/SweepCheck.h"

#include <algorithm>
#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "core/store/RunStore.h"
#include "core/sweep/Plan.h"
#include "core/sweep/SweepSpec.h"
#include "core/util/JsonText.h"

namespace w2s {

QString specErrorPath(const QString& message, const QString& source) {
  const QString prefix = source + QStringLiteral(": ");
  if (!message.startsWith(prefix)) return QString();
  const int end = message.indexOf(QStringLiteral(": "), prefix.size());
  if (end < 0) return QString();
  const QString path = message.mid(prefix.size(), end - prefix.size());
  // A field path has no spaces ("(top level)" and prose are not paths).
  return path.contains(QLatin1Char(' ')) ? QString() : path;
}

namespace {

std::string key(const nlohmann::json& config, bool withTraining) {
  nlohmann::json k = {{"model", config.value("model", nlohmann::json())}};
  if (withTraining) {
    k["task"] = config.value("task", nlohmann::json());
    k["train"] = config.value("train", nlohmann::json());
    // Dropping the last batch changes a job's time by one step per epoch: not a different cost.
    if (k["train"].is_object()) k["train"].erase("drop_last");
  } else {
    k["kind"] = config.value("kind", nlohmann::json());
  }
  return k.dump();
}

struct Mean {
  double sum = 0.0;
  int n = 0;
  void add(double v) { sum += v, ++n; }
  double get() const { return n ? sum / n : -1.0; }
};

}  // namespace

SweepCheck checkSweep(const QString& sweepJson, const QString& dbPath, int jobs,
                      const QString& source) {
  SweepCheck check;
  Plan plan;
  try {
    nlohmann::json j;
    try {
      j = parseJsonText(sweepJson.toStdString(), source.toStdString());
    } catch (const std::exception& e) {
      check.error = QString::fromUtf8(e.what());
      return check;
    }
    plan = planSweep(SweepSpec::fromJson(j, source.toStdString()));
  } catch (const std::exception& e) {
    check.error = QString::fromUtf8(e.what());
    check.errorPath = specErrorPath(check.error, source);
    return check;
  }
  check.valid = true;
  check.planned = static_cast<int>(plan.jobs.size());
  check.weak = static_cast<int>(plan.count(JobKind::Weak));
  check.ceilings = static_cast<int>(plan.count(JobKind::Ceiling));
  check.students = static_cast<int>(plan.count(JobKind::Student));
  if (dbPath.isEmpty()) return check;

  try {
    const RunStore store(dbPath.toStdString());
    std::map<std::string, Mean> exact, byModel;
    std::map<std::string, JobStatus> status;
    for (const JobRecord& r : store.jobs()) {
      status[r.hash] = r.status;
      if (r.status != JobStatus::Done || !(r.seconds > 0)) continue;
      exact[key(r.config, true)].add(r.seconds);
      byModel[key(r.config, false)].add(r.seconds);
    }
    double total = 0.0;
    bool known = true;
    for (const Job& job : plan.jobs) {
      auto it = status.find(job.hash);
      if (it != status.end() && it->second == JobStatus::Done) {
        ++check.alreadyDone;
        continue;
      }
      double s = -1.0;
      if (auto e = exact.find(key(job.config, true)); e != exact.end()) s = e->second.get();
      if (s < 0) {
        if (auto m = byModel.find(key(job.config, false)); m != byModel.end()) s = m->second.get();
      }
      if (s < 0) known = false;
      total += std::max(0.0, s);
    }
    check.etaSeconds = known ? total / std::max(1, jobs) : -1.0;
  } catch (const std::exception& e) {
    check.storeError = QString::fromUtf8(e.what());
  }
  return check;
}

}  // namespace w2s
