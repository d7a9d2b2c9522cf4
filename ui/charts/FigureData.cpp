#include "ui/charts/FigureData.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>

#include "core/job/JobLabels.h"
#include "core/store/RunStore.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string text(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return {};
  const auto& v = j.at(key);
  return v.is_string() ? v.get<std::string>() : v.dump();
}

void addUnique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

int indexIn(const std::vector<std::string>& list, const std::string& value) {
  auto it = std::find(list.begin(), list.end(), value);
  return it == list.end() ? -1 : static_cast<int>(it - list.begin());
}

std::vector<std::string> sortedByParams(const std::map<std::string, int64_t>& params) {
  std::vector<std::pair<int64_t, std::string>> order;
  for (const auto& [name, p] : params) {
    order.emplace_back(p > 0 ? p : std::numeric_limits<int64_t>::max(), name);
  }
  std::sort(order.begin(), order.end());
  std::vector<std::string> names;
  for (auto& [p, name] : order) names.push_back(name);
  return names;
}

}  // namespace

std::string StudentInfo::label() const {
  std::string s = weakSize + " \u2192 " + strongSize + " \u00b7 " + loss;
  if (!view.empty() && view != "clean") s += " \u00b7 " + view;
  return s + " \u00b7 seed " + std::to_string(seed);
}

FigureData FigureData::load(const RunStore& store, std::optional<int64_t> sweepId,
                            const std::vector<std::string>& curveHashes) {
  FigureData d;
  d.outcomes = collectOutcomes(store, sweepId);
  const std::vector<JobRecord> jobs = store.jobs(sweepId);
  std::map<std::string, const JobRecord*> byHash;
  for (const auto& j : jobs) byHash[j.hash] = &j;
  auto finalAccOf = [&](const std::string& hash) {
    auto it = byHash.find(hash);
    if (it != byHash.end())
      return it->second->status == JobStatus::Done ? it->second->finalAcc : kNaN;
    auto loaded = store.job(hash);  // reused from another sweep
    return loaded && loaded->status == JobStatus::Done ? loaded->finalAcc : kNaN;
  };

  std::map<std::string, int64_t> weakParams, strongParams;
  for (const auto& j : jobs) {
    d.jobHashes.insert(j.hash);
    const JobLabels labels = JobLabels::fromJson(j.labels);
    if (j.kind == JobKind::Weak) {
      const std::string& size = labels.size;
      const int64_t p = j.paramCount > 0 ? j.paramCount : labels.params.value_or(0);
      if (!size.empty()) weakParams[size] = std::max(weakParams[size], p);
      continue;
    }
    if (j.kind != JobKind::Student) continue;
    StudentInfo s;
    s.hash = j.hash;
    s.weakHash = text(j.config, "weak");
    if (s.weakHash.empty()) s.weakHash = j.weakHash;
    s.ceilingHash = labels.ceiling;
    s.task = labels.task;
    s.view = labels.view;
    s.weakSize = labels.weakSize;
    s.strongSize = labels.strongSize;
    s.loss = labels.loss;
    s.labelSource = labels.labelSource;
    s.status = j.status;
    s.seed = labels.seed.value_or(0);
    s.weakParams = labels.weakParams.value_or(0);
    s.strongParams = j.paramCount > 0 ? j.paramCount : labels.strongParams.value_or(0);
    s.supervisorAcc = finalAccOf(s.weakHash);
    s.ceilingAcc = finalAccOf(s.ceilingHash);
    weakParams[s.weakSize] = std::max(weakParams[s.weakSize], s.weakParams);
    strongParams[s.strongSize] = std::max(strongParams[s.strongSize], s.strongParams);
    addUnique(d.tasks, s.task);
    addUnique(d.views, s.view);
    addUnique(d.losses, s.loss);
    d.students.push_back(std::move(s));
  }
  std::sort(d.students.begin(), d.students.end(), [](const StudentInfo& a, const StudentInfo& b) {
    return std::tie(a.task, a.weakParams, a.strongParams, a.view, a.loss, a.seed, a.hash) <
           std::tie(b.task, b.weakParams, b.strongParams, b.view, b.loss, b.seed, b.hash);
  });
  d.weakSizes = sortedByParams(weakParams);
  d.strongSizes = sortedByParams(strongParams);

  d.curveStudents = curveHashes.empty() ? d.defaultCurveStudents() : curveHashes;
  for (const auto& h : d.curveStudents) d.curves[h] = store.curve(h);
  // The error-structure figure follows every student of a synthetic supervisor over training.
  for (const auto& s : d.students) {
    if (!s.labelSource.empty() && s.status == JobStatus::Done && !d.curves.count(s.hash)) {
      d.curves[s.hash] = store.curve(s.hash);
    }
  }
  return d;
}

int FigureData::weakIndex(const std::string& size) const { return indexIn(weakSizes, size); }
int FigureData::lossIndex(const std::string& loss) const {
  return std::max(0, indexIn(losses, loss));
}
int FigureData::viewIndex(const std::string& view) const {
  return std::max(0, indexIn(views, view));
}

const StudentInfo* FigureData::student(const std::string& hash) const {
  for (const auto& s : students) {
    if (s.hash == hash) return &s;
  }
  return nullptr;
}

std::vector<const StudentOutcome*> FigureData::filtered(const FigureOptions& options) const {
  std::vector<const StudentOutcome*> out;
  for (const auto& o : outcomes) {
    if (!options.task.empty() && o.task != options.task) continue;
    if (!options.view.empty() && o.view != options.view) continue;
    if (!options.loss.empty() && o.loss != options.loss) continue;
    out.push_back(&o);
  }
  return out;
}

std::pair<std::string, std::string> FigureData::storyCut() const {
  std::map<std::pair<std::string, std::string>, std::pair<double, int>> sums;
  for (const auto& o : outcomes) {
    if (o.method != "direct" || o.strongParams <= o.weakParams || !o.pgr) continue;
    auto& [sum, n] = sums[{o.view, o.loss}];
    sum += *o.pgr;
    ++n;
  }
  std::pair<std::string, std::string> best;
  double bestMean = -std::numeric_limits<double>::infinity();
  // In the order of first appearance, so ties keep the first view and loss.
  for (const auto& v : views) {
    for (const auto& l : losses) {
      auto it = sums.find({v, l});
      if (it == sums.end()) continue;
      const double mean = it->second.first / it->second.second;
      if (mean > bestMean) {
        bestMean = mean;
        best = {v, l};
      }
    }
  }
  return best;
}

std::vector<std::string> FigureData::defaultCurveStudents(size_t limit) const {
  if (students.empty()) return {};
  const StudentInfo& first = students.front();
  auto [view, loss] = storyCut();
  if (view.empty()) view = views.front();
  if (loss.empty()) loss = losses.front();
  int64_t largest = 0;
  for (const auto& s : students) {
    if (s.task == first.task) largest = std::max(largest, s.strongParams);
  }
  std::vector<std::string> picked;
  std::set<std::string> weakSeen;
  for (const auto& s : students) {
    if (s.task != first.task || s.view != view || s.loss != loss || s.seed != first.seed ||
        s.strongParams != largest || weakSeen.count(s.weakSize)) {
      continue;
    }
    weakSeen.insert(s.weakSize);
    picked.push_back(s.hash);
    if (picked.size() >= limit) break;
  }
  for (size_t i = 0; picked.empty() && i < std::min(limit, students.size()); ++i) {
    picked.push_back(students[i].hash);
  }
  return picked;
}

bool FigureData::appendEval(const std::string& hash, int64_t step, double testAcc) {
  auto it = curves.find(hash);
  if (it == curves.end()) return false;
  std::vector<EvalPoint>& curve = it->second;
  if (!curve.empty() && curve.back().step >= step) return true;  // already stored
  EvalPoint p;
  p.step = step;
  p.testAcc = testAcc;
  // The live signal carries no epoch: extrapolate from the steps-per-epoch seen so far.
  p.epoch = kNaN;
  for (auto r = curve.rbegin(); r != curve.rend(); ++r) {
    if (r->step > 0 && std::isfinite(r->epoch) && r->epoch > 0) {
      p.epoch = r->epoch * static_cast<double>(step) / static_cast<double>(r->step);
      break;
    }
  }
  curve.push_back(p);
  return true;
}

std::vector<const StudentOutcome*> FigureData::withSizeGap(
    const std::vector<const StudentOutcome*>& outcomes, int* dropped) {
  std::vector<const StudentOutcome*> out;
  for (const auto* o : outcomes) {
    if (o->strongParams > o->weakParams) out.push_back(o);
  }
  if (dropped) *dropped = static_cast<int>(outcomes.size() - out.size());
  return out;
}

}  // namespace w2s
