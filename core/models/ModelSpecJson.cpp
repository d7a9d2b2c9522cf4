// JSON of ModelSpec: the fields of its family, so equal models hash equally.
#include "core/models/LadderJson.h"
#include "core/models/ModelSpec.h"
#include "core/util/Error.h"
#include "core/util/JsonFields.h"

using nlohmann::json;

namespace w2s {

const std::vector<std::string>& modelFamilies() {
  static const std::vector<std::string> names = {"mlp", "cnn",        "transformer", "glove",
                                                 "bow", "embeddings", "torchscript"};
  return names;
}

json ModelSpec::toJson() const {
  if (family != "mlp") return ladderModelJson(*this);
  return {{"family", family}, {"width", width}, {"depth", depth}};
}

ModelSpec ModelSpec::fromJson(const json& j, const std::string& where) {
  JsonFields f(j, where);
  f.allowOnly({"name", "family", "width", "depth", "channels", "d_model", "layers", "heads", "d_ff",
               "pooling", "pretrained", "glove_init", "vectors", "buckets", "ngrams", "char_ngrams",
               "path", "path_sha256", "revision"});
  ModelSpec m;
  m.name = f.string("name", "");
  if (m.name.empty()) throw SpecError(f.path("name") + ": required, a non-empty string");
  m.family = f.oneOf("family", "mlp", modelFamilies());
  m.width = f.smallInt("width", m.width, 1, 1 << 20);
  m.depth = f.smallInt("depth", m.depth, 0, 1000);
  m.channels = f.smallInt("channels", m.channels, 1, 1 << 16);
  parseLadderModelJson(f, m);
  return m;
}

}  // namespace w2s
