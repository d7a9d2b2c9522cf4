#include "core/job/JobLabels.h"

namespace w2s {

using nlohmann::json;

namespace {

// The fields, in one list for both directions: JSON key and member.
// L is JobLabels or const JobLabels.
template <class L, class F>
void forEachText(L& l, F f) {
  f("task", l.task);
  f("size", l.size);
  f("weak_size", l.weakSize);
  f("strong_size", l.strongSize);
  f("view", l.view);
  f("loss", l.loss);
  f("ceiling", l.ceiling);
  f("method", l.method);
  f("label_source", l.labelSource);
  f("root_weak", l.rootWeak);
  f("supervisor_size", l.supervisorSize);
  f("student", l.student);
}

template <class L, class F>
void forEachInt(L& l, F f) {
  f("params", l.params);
  f("weak_params", l.weakParams);
  f("strong_params", l.strongParams);
}

}  // namespace

json JobLabels::toJson() const {
  json j = json::object();
  forEachText(*this, [&j](const char* key, const std::string& v) {
    if (!v.empty()) j[key] = v;
  });
  forEachInt(*this, [&j](const char* key, const std::optional<int64_t>& v) {
    if (v) j[key] = *v;
  });
  if (seed) j["seed"] = *seed;
  if (chainSteps) j["chain_steps"] = *chainSteps;
  if (imported) j["imported"] = true;
  return j;
}

JobLabels JobLabels::fromJson(const json& j) {
  JobLabels l;
  if (!j.is_object()) return l;
  forEachText(l, [&j](const char* key, std::string& v) {
    if (!j.contains(key)) return;
    const json& x = j.at(key);
    v = x.is_string() ? x.get<std::string>() : x.dump();
  });
  forEachInt(l, [&j](const char* key, std::optional<int64_t>& v) {
    if (j.contains(key) && j.at(key).is_number_integer()) v = j.at(key).get<int64_t>();
  });
  if (j.contains("seed") && j.at("seed").is_number_integer()) {
    const json& s = j.at("seed");
    l.seed = s.is_number_unsigned() ? s.get<uint64_t>() : static_cast<uint64_t>(s.get<int64_t>());
  }
  if (j.contains("chain_steps") && j.at("chain_steps").is_number_integer()) {
    l.chainSteps = j.at("chain_steps").get<int>();
  }
  l.imported = j.contains("imported") && j.at("imported") == true;
  return l;
}

}  // namespace w2s
