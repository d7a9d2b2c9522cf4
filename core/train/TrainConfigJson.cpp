// JSON of TrainConfig and LossSpec: every field that determines a result, so equal configs
// hash equally.
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "core/train/LossRegistry.h"
#include "core/train/TrainConfig.h"
#include "core/util/Error.h"
#include "core/util/JsonFields.h"

using nlohmann::json;

namespace w2s {

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

double LossSpec::option(const std::string& key) const {
  if (auto it = options.find(key); it != options.end()) return it->second;
  if (const LossInfo* info = findLoss(name)) {
    for (const auto& o : info->options) {
      if (o.key == key) return o.defaultValue;
    }
  }
  throw std::logic_error("loss '" + name + "' has no option '" + key + "'");
}

LossSpec LossSpec::named(const std::string& name) {
  const LossInfo* info = findLoss(name);
  if (!info) throw SpecError("loss: unknown name '" + name + "' (expected " + lossNameList() + ")");
  LossSpec l;
  l.name = name;
  for (const auto& o : info->options) l.options[o.key] = o.defaultValue;
  return l;
}

std::string LossSpec::label() const { return hardLabels ? name + "(hard)" : name; }

json LossSpec::toJson() const {
  json j = {{"name", name}, {"hard_labels", hardLabels}};
  const LossInfo* info = findLoss(name);
  if (!info) return j;
  for (const auto& o : info->options) {
    const double v = option(o.key);
    if (o.integer) {
      j[o.key] = static_cast<int64_t>(std::llround(v));
    } else {
      j[o.key] = v;
    }
  }
  if (info->revision > 0) j["revision"] = info->revision;
  return j;
}

LossSpec LossSpec::fromJson(const json& j, const std::string& where) {
  if (j.is_string()) return fromJson(json{{"name", j.get<std::string>()}}, where);
  JsonFields f(j, where);
  std::vector<std::string> allowed = {"name", "hard_labels", "revision", "buffer_size"};
  for (const auto& o : allLossOptions()) allowed.push_back(o.key);
  f.allowOnly(allowed);
  std::vector<std::string> names;
  for (const auto& l : lossRegistry()) names.push_back(l.name);
  const LossInfo& info = *findLoss(f.oneOf("name", "", names));
  LossSpec l = named(info.name);
  for (const auto& o : info.options) {
    if (!f.has(o.key.c_str())) continue;
    const char* key = o.key.c_str();
    if (o.integer) {
      const auto lo = static_cast<int64_t>(o.min) + (o.minOpen ? 1 : 0);
      const auto hi = o.max >= 1e300 ? int64_t{1} << 40 : static_cast<int64_t>(o.max);
      l.options[o.key] = static_cast<double>(f.integer(key, 0, lo, hi));
    } else {
      const double v = f.number(key, o.defaultValue);
      const bool ok = (o.minOpen ? v > o.min : v >= o.min) && v <= o.max;
      if (!ok) {
        std::ostringstream msg;
        msg << f.path(key) << ": expected a number ";
        if (o.max >= 1e300) {
          msg << (o.minOpen ? "> " : ">= ") << o.min;
        } else {
          msg << "in " << (o.minOpen ? "(" : "[") << o.min << ", " << o.max << "]";
        }
        throw SpecError(msg.str() + ", got " + j.at(key).dump());
      }
      l.options[o.key] = v;
    }
  }
  // buffer_size counted batches; its replacement counts predictions. 0 meant the same in both
  // (job configs of older stores hold it), any other value is refused rather than reinterpreted.
  if (f.smallInt("buffer_size", 0, 0, 1 << 30) != 0) {
    throw SpecError(f.path("buffer_size") +
                    ": replaced by 'buffer_predictions', which counts predictions (as EleutherAI's "
                    "buffer) instead of batches: use buffer_size x batch_size");
  }
  // A stored job config names the definition it was trained with.
  f.revision("the loss '" + info.name + "'", info.revision);
  l.hardLabels = f.boolean("hard_labels", false);
  if (l.hardLabels && !info.allowsHardLabels) {
    throw SpecError(f.path("hard_labels") + ": expected false for the " + info.name +
                    " loss, got true");
  }
  return l;
}

}  // namespace w2s
