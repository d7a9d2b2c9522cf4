// JSON of the task and view structs. toJson() emits every field that determines a result
// (defaults included, irrelevant fields omitted), so equal configs hash equally.
#include <sstream>

#include "core/data/ImageDatasets.h"
#include "core/data/TaskSpec.h"
#include "core/data/TextTaskJson.h"
#include "core/data/View.h"
#include "core/util/Error.h"
#include "core/util/JsonFields.h"

using nlohmann::json;

namespace w2s {

json SyntheticSpec::toJson() const {
  return {{"dim", dim},
          {"classes", classes},
          {"n_train", nTrain},
          {"n_test", nTest},
          {"teacher_width", teacherWidth},
          {"nonlinearity", nonlinearity},
          {"label_noise", labelNoise},
          {"seed", seed}};
}

SyntheticSpec SyntheticSpec::fromJson(const json& j, const std::string& where) {
  JsonFields f(j, where);
  SyntheticSpec s;
  s.dim = f.smallInt("dim", s.dim, 1, 1 << 20);
  s.classes = f.smallInt("classes", s.classes, 2, 1 << 16);
  s.nTrain = f.integer("n_train", s.nTrain, 4, int64_t{1} << 31);
  s.nTest = f.integer("n_test", s.nTest, 1, int64_t{1} << 31);
  s.teacherWidth = f.smallInt("teacher_width", s.teacherWidth, 1, 1 << 16);
  s.nonlinearity = f.positive("nonlinearity", s.nonlinearity, true);
  if (s.nonlinearity > 1) throw SpecError(f.path("nonlinearity") + ": expected a number in [0, 1]");
  s.labelNoise = f.positive("label_noise", s.labelNoise, true);
  if (s.labelNoise >= 1) throw SpecError(f.path("label_noise") + ": expected a number in [0, 1)");
  s.seed = static_cast<uint64_t>(f.integer("seed", 0, 0, INT64_MAX));
  return s;
}

json TaskSpec::toJson() const {
  json j = {{"dataset", dataset}, {"train_size", trainSize}, {"test_size", testSize}};
  if (!groups.empty()) j["groups"] = groups;
  if (dataset == "synthetic") j["synthetic"] = synthetic.toJson();
  if (isTextOrTableDataset(dataset)) addTextTaskJson(*this, j);
  return j;
}

TaskSpec TaskSpec::fromJson(const json& j, const std::string& where) {
  JsonFields f(j, where);
  TaskSpec t;
  t.dataset = f.oneOf("dataset", "", datasetNames());
  if (isTextOrTableDataset(t.dataset)) {
    parseTextTaskJson(f, j, t);
  } else if (t.dataset == "synthetic") {
    f.allowOnly({"dataset", "groups", "train_size", "test_size", "dim", "classes", "n_train",
                 "n_test", "teacher_width", "nonlinearity", "label_noise", "seed", "synthetic"});
    json knobs = j.contains("synthetic") ? j.at("synthetic") : json::object();
    for (const char* k : {"dim", "classes", "n_train", "n_test", "teacher_width", "nonlinearity",
                          "label_noise", "seed"}) {
      if (j.contains(k)) knobs[k] = j.at(k);
    }
    t.synthetic = SyntheticSpec::fromJson(knobs, where);
  } else {
    f.allowOnly({"dataset", "groups", "train_size", "test_size"});
  }
  if (f.has("groups")) {
    const json& g = j.at("groups");
    if (!g.is_array() || g.size() < 2) {
      throw SpecError(f.path("groups") + ": expected an array of at least 2 class groups, got " +
                      JsonFields::kind(g));
    }
    for (size_t i = 0; i < g.size(); ++i) {
      const std::string gp = f.path("groups") + "[" + std::to_string(i) + "]";
      if (!g[i].is_array() || g[i].empty()) {
        throw SpecError(gp + ": expected a non-empty array of class ids, got " +
                        JsonFields::kind(g[i]));
      }
      std::vector<int> group;
      for (size_t k = 0; k < g[i].size(); ++k) {
        if (!g[i][k].is_number_integer()) {
          throw SpecError(gp + "[" + std::to_string(k) + "]: expected a class id (integer), got " +
                          JsonFields::kind(g[i][k]));
        }
        const json& id = g[i][k];
        // A parsed "0" is unsigned, but the same id written by toJson() (a job's config) is a
        // signed integer: only its value tells a negative id.
        if (!id.is_number_unsigned() && id.get<int64_t>() < 0) {
          throw SpecError(gp + "[" + std::to_string(k) + "]: expected a class id >= 0, got " +
                          id.dump());
        }
        if (id.get<uint64_t>() > (1u << 16)) {
          throw SpecError(gp + "[" + std::to_string(k) +
                          "]: expected a class id between 0 and 65536, got " + id.dump());
        }
        group.push_back(id.get<int>());
      }
      t.groups.push_back(group);
    }
  }
  t.trainSize = f.integer("train_size", 0, 0, int64_t{1} << 31);
  t.testSize = f.integer("test_size", 0, 0, int64_t{1} << 31);
  return t;
}

std::string TaskSpec::label() const {
  std::ostringstream s;
  s << dataset;
  if (dataset == "synthetic") {
    s << "(d" << synthetic.dim << ",c" << synthetic.classes << ",nl" << synthetic.nonlinearity
      << ")";
  }
  s << textTaskLabelSuffix(*this);
  if (!groups.empty()) {
    s << "[";
    for (size_t i = 0; i < groups.size(); ++i) {
      if (i) s << "|";
      for (size_t k = 0; k < groups[i].size(); ++k) s << (k ? "," : "") << groups[i][k];
    }
    s << "]";
  }
  return s.str();
}

json ViewSpec::toJson() const {
  json j = {{"type", type}};
  if (type == "noise") j["sigma"] = sigma;
  if (type == "downsample") j["factor"] = factor;
  if (type == "occlude") j["size"] = size;
  if (type == "partial") j["keep"] = keep;
  return j;
}

ViewSpec ViewSpec::fromJson(const json& j, const std::string& where) {
  JsonFields f(j, where);
  f.allowOnly({"name", "type", "sigma", "factor", "size", "keep"});
  ViewSpec v;
  v.type = f.oneOf("type", "none", {"none", "noise", "downsample", "occlude", "partial"});
  v.name = f.string("name", v.type == "none" ? "clean" : v.type);
  if (v.type == "noise") v.sigma = f.positive("sigma", 0.5);
  if (v.type == "downsample") v.factor = f.smallInt("factor", 2, 2, 1 << 10);
  if (v.type == "occlude") v.size = f.smallInt("size", 14, 1, 1 << 16);
  if (v.type == "partial") {
    v.keep = f.positive("keep", 0.5);
    if (v.keep > 1) throw SpecError(f.path("keep") + ": expected a fraction in (0, 1]");
  }
  return v;
}

}  // namespace w2s
