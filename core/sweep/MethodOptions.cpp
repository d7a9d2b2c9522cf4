#include "core/sweep/MethodOptions.h"

#include "core/sweep/MethodPlanner.h"
#include "core/util/Error.h"
#include "core/util/JsonFields.h"

namespace w2s {

using nlohmann::json;

json LabelSourceSpec::toJson() const {
  json j = {{"type", type}, {"accuracy", accuracy}};
  if (type == "view") j["view"] = view.toJson();
  return j;
}

LabelSourceSpec LabelSourceSpec::fromJson(const json& j, const std::string& where) {
  JsonFields f(j, where);
  f.allowOnly({"name", "type", "accuracy", "view"});
  LabelSourceSpec s;
  s.type = f.oneOf("type", "random_flips", {"random_flips", "class_confusion", "view"});
  s.name = f.string("name", s.type);
  s.accuracy = f.positive("accuracy", s.accuracy, true);
  if (s.accuracy > 1) throw SpecError(f.path("accuracy") + ": expected a number in [0, 1]");
  s.view.type = "noise";
  s.view.sigma = 1.0;
  s.view.name = "noise";
  if (f.has("view")) s.view = ViewSpec::fromJson(f.at("view"), f.path("view"));
  return s;
}

const std::vector<std::string>& methodOptionKeys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const MethodInfo& m : methodRegistry()) k.push_back(m.key);
    return k;
  }();
  return keys;
}

MethodOptions parseMethodOptions(const json& j, const std::string& source) {
  MethodOptions m;
  if (!j.is_object()) return m;
  if (j.contains("early_stop")) {
    if (!j.at("early_stop").is_object()) {
      throw SpecError(source + ": early_stop: expected an object {\"val_frac\": 0.1}, got " +
                      JsonFields::kind(j.at("early_stop")));
    }
    JsonFields f(j.at("early_stop"), source + ": early_stop");
    f.allowOnly({"val_frac"});
    m.earlyStopValFrac = f.positive("val_frac", 0.1);
    if (m.earlyStopValFrac >= 0.5) {
      throw SpecError(f.path("val_frac") + ": expected a fraction of half B in (0, 0.5)");
    }
  }
  auto flag = [&](const char* key) {
    if (!j.contains(key)) return false;
    if (!j.at(key).is_boolean()) {
      throw SpecError(source + ": " + key + ": expected true or false, got " +
                      JsonFields::kind(j.at(key)));
    }
    return j.at(key).get<bool>();
  };
  m.bootstrap = flag("bootstrap");
  m.probeCombos = flag("probe_combos");
  if (j.contains("student_iterations")) {
    const json& v = j.at("student_iterations");
    if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > 20) {
      throw SpecError(source + ": student_iterations: expected an integer in [0, 20], got " +
                      JsonFields::kind(v));
    }
    m.studentIterations = v.get<int>();
  }
  if (j.contains("label_sources")) {
    const json& list = j.at("label_sources");
    if (!list.is_array() || list.empty()) {
      throw SpecError(source +
                      ": label_sources: expected a non-empty array of label source "
                      "objects, got " +
                      JsonFields::kind(list));
    }
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string at = source + ": label_sources[" + std::to_string(i) + "]";
      LabelSourceSpec s = LabelSourceSpec::fromJson(list[i], at);
      for (const auto& other : m.labelSources) {
        if (other.name == s.name) {
          throw SpecError(at + ".name: expected each label source name once, got \"" + s.name +
                          "\" again");
        }
      }
      m.labelSources.push_back(std::move(s));
    }
  }
  return m;
}

}  // namespace w2s
