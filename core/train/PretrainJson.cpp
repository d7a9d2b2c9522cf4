// JSON of PretrainConfig (the sweep's "pretrain" object).
#include "core/train/PretrainConfig.h"
#include "core/util/Error.h"
#include "core/util/JsonFields.h"

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
  c.steps = f.integer("steps", c.steps, 1, int64_t{1} << 40);
  c.lr = f.positive("lr", c.lr);
  c.batchSize = f.smallInt("batch_size", c.batchSize, 1, 1 << 24);
  c.seqLen = f.smallInt("seq_len", c.seqLen, 0, 1 << 20);
  if (c.seqLen == 1) throw SpecError(f.path("seq_len") + ": expected 0 (max_len) or >= 2, got 1");
  c.weightDecay = f.positive("weight_decay", c.weightDecay, true);
  c.evalEvery = f.smallInt("eval_every", c.evalEvery, 1, 1 << 30);
  c.seed = static_cast<uint64_t>(f.integer("seed", 0, 0, INT64_MAX));
  return c;
}

}  // namespace w2s
