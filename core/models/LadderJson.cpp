#include "core/models/LadderJson.h"

#include "core/models/Cnn.h"
#include "core/util/Error.h"

using nlohmann::json;

namespace w2s {

json ladderModelJson(const ModelSpec& m) {
  json j = {{"family", m.family}};
  if (m.family == "cnn") {
    j["channels"] = m.channels;
    j["revision"] = kCnnRevision;
  } else if (m.family == "transformer") {
    j["d_model"] = m.dModel;
    j["layers"] = m.layers;
    j["heads"] = m.heads;
    j["d_ff"] = m.ffWidth();
    j["pooling"] = m.pooling;
    if (m.gloveInit) j["glove_init"] = true;
  } else if (m.family == "glove" || m.family == "embeddings") {
    j["width"] = m.width;
    j["depth"] = m.depth;
    if (m.vectors != "glove") j["vectors"] = m.vectors;
  } else if (m.family == "bow") {
    j["width"] = m.width;
    j["depth"] = m.depth;
    j["buckets"] = m.buckets;
    j["ngrams"] = m.ngrams;
    j["char_ngrams"] = m.charNgrams;
  }
  // The file, and (once planned) its contents' digest, which job hashes use instead of the path.
  if (m.family == "embeddings" || m.family == "torchscript") {
    j["path"] = m.path;
    if (!m.pathSha256.empty()) j["path_sha256"] = m.pathSha256;
  }
  if (m.pretrained) j["pretrained"] = true;
  return j;
}

json backboneJson(const ModelSpec& m) {
  json j = m.toJson();
  j.erase("pretrained");
  j.erase("pooling");
  return j;
}

void parseLadderModelJson(const JsonFields& f, ModelSpec& m) {
  m.dModel = f.smallInt("d_model", m.dModel, 1, 1 << 16);
  m.layers = f.smallInt("layers", m.layers, 0, 1000);
  m.heads = f.smallInt("heads", m.heads, 1, 1 << 10);
  m.dFF = f.smallInt("d_ff", 0, 1, 1 << 20);
  m.pooling = f.oneOf("pooling", m.pooling, {"last", "mean"});
  m.pretrained = f.boolean("pretrained", false);
  m.gloveInit = f.boolean("glove_init", false);
  if (m.gloveInit && m.family != "transformer") {
    throw SpecError(f.path("glove_init") +
                    ": only transformer sizes have token embeddings to "
                    "initialise (" +
                    m.family + " has none)");
  }
  m.vectors = f.oneOf("vectors", m.vectors, {"glove", "random"});
  if (f.has("vectors") && m.family != "glove") {
    throw SpecError(f.path("vectors") + ": only for family 'glove' (this member is " + m.family +
                    ")");
  }
  m.buckets = f.smallInt("buckets", m.buckets, 1, 1 << 22);
  m.ngrams = f.smallInt("ngrams", m.ngrams, 0, 8);
  m.charNgrams = f.smallInt("char_ngrams", m.charNgrams, 0, 8);
  for (const char* key : {"buckets", "ngrams", "char_ngrams"}) {
    if (f.has(key) && m.family != "bow") {
      throw SpecError(f.path(key) + ": only for family 'bow' (this member is " + m.family + ")");
    }
  }
  if (m.family == "bow" && m.ngrams == 0 && m.charNgrams < 3) {
    throw SpecError(f.path("ngrams") +
                    ": a bow member counts nothing with ngrams 0 and char_ngrams < 3; expected "
                    "ngrams >= 1 or char_ngrams >= 3");
  }
  if (f.has("revision")) {
    if (m.family != "cnn") {
      throw SpecError(f.path("revision") + ": only for family 'cnn' (this member is " + m.family +
                      ")");
    }
    f.revision("the cnn family", kCnnRevision);
  }
  m.path = f.string("path", "");
  m.pathSha256 = f.string("path_sha256", "");
  // Frozen features: a linear probe unless a depth is asked for.
  if ((m.family == "glove" || m.family == "bow" || m.family == "embeddings") && !f.has("depth")) {
    m.depth = 0;
  }
  if (m.family == "transformer" && m.dModel % m.heads != 0) {
    throw SpecError(f.path("heads") + ": expected a divisor of d_model (" +
                    std::to_string(m.dModel) + "), got " + std::to_string(m.heads));
  }
  if (m.pretrained && m.family != "transformer" && m.family != "cnn") {
    throw SpecError(f.path("pretrained") +
                    ": only transformer and cnn sizes are pretrained here (" + m.family + " is " +
                    (m.family == "glove" ? "pretrained already"
                     : m.family == "bow" ? "counted, not pretrained"
                                         : "trained from scratch") +
                    ")");
  }
  const bool imported = m.family == "embeddings" || m.family == "torchscript";
  if (imported && m.path.empty()) {
    throw SpecError(f.path("path") + ": required for family '" + m.family +
                    "', the file to import");
  }
  if (!imported && !m.path.empty()) {
    throw SpecError(f.path("path") + ": only for families 'embeddings' and 'torchscript'");
  }
}

}  // namespace w2s
