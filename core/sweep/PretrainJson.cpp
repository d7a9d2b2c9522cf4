// JSON of PretrainConfig (the sweep's "pretrain" object).
#include "core/sweep/JsonFields.h"
#include "core/train/PretrainConfig.h"
#include "core/util/Error.h"

using nlohmann::json;

namespace w2s {

json PretrainConfig::toJson() const {
  return {{"steps", steps},
          {"lr", lr},
          {"batch_size", batchSize},
          {"seq_len", seqLen},
          {"weight_decay", weightDecay},
          {"eval_every", evalEvery},
          {"seed", seed}};
}

PretrainConfig PretrainConfig::fromJson(const json& j, const std::string& where) {
  JsonFields f(j, where);
  f.allowOnly({"steps", "lr", "batch_size", "seq_len", "weight_decay", "eval_every", "seed"});
  PretrainConfig c;
  c.steps = f.integer("steps", c.steps, 1);
  c.lr = f.positive("lr", c.lr);
  c.batchSize = static_cast<int>(f.integer("batch_size", c.batchSize, 1));
  c.seqLen = static_cast<int>(f.integer("seq_len", c.seqLen, 0));
  if (c.seqLen == 1) throw SpecError(f.path("seq_len") + ": expected 0 (max_len) or >= 2, got 1");
  c.weightDecay = f.positive("weight_decay", c.weightDecay, true);
  c.evalEvery = static_cast<int>(f.integer("eval_every", c.evalEvery, 1));
  c.seed = static_cast<uint64_t>(f.integer("seed", 0, 0));
  return c;
}

}  // namespace w2s
