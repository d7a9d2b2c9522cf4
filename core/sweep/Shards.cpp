#include "core/sweep/Shards.h"

#include <algorithm>
#include <map>

#include "core/util/Error.h"

namespace w2s {

std::vector<int> jobLevels(const Plan& plan) {
  std::map<std::string, int> level;
  std::vector<int> levels;
  levels.reserve(plan.jobs.size());
  for (const Job& j : plan.jobs) {  // dependencies come before dependents
    int l = 0;
    for (const std::string& d : j.deps) {
      const auto it = level.find(d);
      if (it != level.end()) l = std::max(l, it->second + 1);
    }
    level[j.hash] = l;
    levels.push_back(l);
  }
  return levels;
}

double estimatedCost(const Job& job) {
  double params = 1.0;
  if (job.labels.is_object()) {
    const auto p = job.labels.find("params");
    if (p != job.labels.end() && p->is_number() && p->get<double>() > 0) params = p->get<double>();
  }
  double length = 1.0;
  const auto& c = job.config;
  if (c.contains("train") && c.at("train").is_object()) {
    const auto e = c.at("train").find("epochs");
    if (e != c.at("train").end() && e->is_number()) length = std::max(1.0, e->get<double>());
  } else if (c.contains("pretrain") && c.at("pretrain").is_object()) {
    const auto s = c.at("pretrain").find("steps");
    if (s != c.at("pretrain").end() && s->is_number()) length = std::max(1.0, s->get<double>());
  }
  return std::max(1.0, params * length);
}

std::vector<std::string> shardJobs(const Plan& plan, int level, int shard, int shards) {
  if (shards < 1 || shard < 0 || shard >= shards) {
    throw SpecError("shard " + std::to_string(shard + 1) + " of " + std::to_string(shards) +
                    ": expected a shard from 1 to the number of shards");
  }
  const std::vector<int> levels = jobLevels(plan);
  std::vector<std::pair<double, const Job*>> jobs;
  for (size_t i = 0; i < plan.jobs.size(); ++i) {
    if (levels[i] == level) jobs.emplace_back(estimatedCost(plan.jobs[i]), &plan.jobs[i]);
  }
  std::sort(jobs.begin(), jobs.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second->hash < b.second->hash;
  });
  std::vector<double> load(static_cast<size_t>(shards), 0.0);
  std::vector<std::string> mine;
  for (const auto& [cost, job] : jobs) {
    const size_t to = static_cast<size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    load[to] += cost;
    if (static_cast<int>(to) == shard) mine.push_back(job->hash);
  }
  return mine;
}

std::pair<int, int> parseShard(const std::string& text, const std::string& what) {
  const size_t slash = text.find('/');
  auto number = [&](const std::string& s) {
    if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), ::isdigit)) return -1;
    return std::stoi(s);
  };
  const int i = slash == std::string::npos ? -1 : number(text.substr(0, slash));
  const int n = slash == std::string::npos ? -1 : number(text.substr(slash + 1));
  if (i < 1 || n < 1 || i > n) {
    throw SpecError(what + ": expected I/N with 1 <= I <= N (e.g. 2/4), got \"" + text + "\"");
  }
  return {i - 1, n};
}

}  // namespace w2s
