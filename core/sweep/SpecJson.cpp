// JSON (de)serialisation of the spec structs. toJson() emits every field that determines a
// result (defaults included, irrelevant fields omitted), so equal configs hash equally.
#include <sstream>

#include "core/data/TaskSpec.h"
#include "core/data/View.h"
#include "core/models/ModelSpec.h"
#include "core/sweep/JsonFields.h"
#include "core/sweep/LadderJson.h"
#include "core/sweep/TextTaskJson.h"
#include "core/train/TrainConfig.h"
#include "core/util/Error.h"

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
  t.dataset = f.oneOf(
      "dataset", "",
      {"fashion_mnist", "synthetic", "spam_assassin", "sentiment", "fine_food", "csv", "jsonl"});
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
        if (id.is_number_integer() && !id.is_number_unsigned()) {  // negative
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

json ModelSpec::toJson() const {
  if (family != "mlp") return ladderModelJson(*this);
  if (family == "cnn") return {{"family", family}, {"channels", channels}};
  return {{"family", family}, {"width", width}, {"depth", depth}};
}

ModelSpec ModelSpec::fromJson(const json& j, const std::string& where) {
  JsonFields f(j, where);
  f.allowOnly({"name", "family", "width", "depth", "channels", "d_model", "layers", "heads", "d_ff",
               "pooling", "pretrained", "glove_init", "path", "path_sha256"});
  ModelSpec m;
  m.name = f.string("name", "");
  if (m.name.empty()) throw SpecError(f.path("name") + ": required, a non-empty string");
  m.family =
      f.oneOf("family", "mlp", {"mlp", "cnn", "transformer", "glove", "embeddings", "torchscript"});
  m.width = f.smallInt("width", m.width, 1, 1 << 20);
  m.depth = f.smallInt("depth", m.depth, 0, 1000);
  m.channels = f.smallInt("channels", m.channels, 1, 1 << 16);
  parseLadderModelJson(f, m);
  return m;
}

json TrainConfig::toJson() const {
  json j = {{"lr", lr},
            {"epochs", epochs},
            {"batch_size", batchSize},
            {"weight_decay", weightDecay},
            {"schedule", schedule},
            {"eval_every", evalEvery}};
  // Only when not the default: the hashes of finetuning jobs stay what they were.
  if (mode != "finetune") j["mode"] = mode;
  if (mode == "head_then_full") j["head_epochs"] = headEpochs;
  if (dropLast) j["drop_last"] = *dropLast;  // unset = auto, resolved per job by the planner
  return j;
}

TrainConfig TrainConfig::fromJson(const json& j, const std::string& where,
                                  const TrainConfig& base) {
  JsonFields f(j, where);
  f.allowOnly({"lr", "epochs", "batch_size", "weight_decay", "schedule", "eval_every", "mode",
               "head_epochs", "drop_last"});
  TrainConfig c = base;
  c.lr = f.positive("lr", base.lr);
  c.epochs = f.smallInt("epochs", base.epochs, 1, 100000);
  c.batchSize = f.smallInt("batch_size", base.batchSize, 1, 1 << 24);
  c.weightDecay = f.positive("weight_decay", base.weightDecay, true);
  c.schedule = f.oneOf("schedule", base.schedule, {"cosine", "constant"});
  c.evalEvery = f.smallInt("eval_every", base.evalEvery, 1, 1 << 30);
  c.mode = f.oneOf("mode", base.mode, {"finetune", "linear_probe", "head_then_full"});
  c.headEpochs = f.smallInt("head_epochs", base.headEpochs, 1, 100000);
  if (f.has("drop_last")) c.dropLast = f.boolean("drop_last", false);
  return c;
}

TrainConfig TrainConfig::fromJson(const json& j, const std::string& where) {
  return fromJson(j, where, TrainConfig());
}

std::string LossSpec::label() const { return hardLabels ? name + "(hard)" : name; }

json LossSpec::toJson() const {
  json j = {{"name", name}, {"hard_labels", hardLabels}};
  if (name == "logconf" || name == "entropy") {
    j["aux_coef"] = auxCoef;
    j["warmup_frac"] = warmupFrac;
    if (name == "logconf") j["buffer_predictions"] = bufferPredictions;
  }
  if (name == "window") j["radius"] = radius;
  if (name == "product") {
    j["alpha"] = alpha;
    j["beta"] = beta;
  }
  return j;
}

LossSpec LossSpec::fromJson(const json& j, const std::string& where) {
  LossSpec l;
  if (j.is_string()) {
    return fromJson(json{{"name", j.get<std::string>()}}, where);
  }
  JsonFields f(j, where);
  f.allowOnly(
      {"name", "aux_coef", "warmup_frac", "buffer_predictions", "buffer_size", "alpha", "beta",
       "hard_labels", "radius"});
  l.name = f.oneOf("name", "", {"xent", "logconf", "product", "kl", "entropy", "window"});
  l.auxCoef = f.positive("aux_coef", l.auxCoef, true);
  if (l.auxCoef > 1) throw SpecError(f.path("aux_coef") + ": expected a number in [0, 1]");
  l.warmupFrac = f.positive("warmup_frac", l.warmupFrac, true);
  if (l.warmupFrac > 1) throw SpecError(f.path("warmup_frac") + ": expected a number in [0, 1]");
  // buffer_size counted batches; its replacement counts predictions. 0 meant the same in both
  // (job configs of older stores hold it), any other value is refused rather than reinterpreted.
  if (f.smallInt("buffer_size", 0, 0, 1 << 30) != 0) {
    throw SpecError(f.path("buffer_size") +
                    ": replaced by 'buffer_predictions', which counts predictions (as EleutherAI's "
                    "buffer) instead of batches: use buffer_size x batch_size");
  }
  l.bufferPredictions = f.smallInt("buffer_predictions", l.bufferPredictions, 0, 1 << 30);
  l.alpha = f.positive("alpha", l.alpha, true);
  l.beta = f.positive("beta", l.beta, true);
  l.hardLabels = f.boolean("hard_labels", l.hardLabels);
  l.radius = f.positive("radius", l.radius);
  if (l.radius > 0.5) throw SpecError(f.path("radius") + ": expected a number in (0, 0.5]");
  if (l.name == "window" && l.hardLabels) {
    // Hardened labels have max probability 1: the window would keep no example.
    throw SpecError(f.path("hard_labels") + ": expected false for the window loss, got true");
  }
  return l;
}

}  // namespace w2s
