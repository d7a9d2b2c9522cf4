#pragma once
// JSON fields of the ladder families beyond mlp (cnn, transformer, glove, embeddings,
// torchscript); kept apart from SpecJson.cpp.
#include <nlohmann/json.hpp>

#include "core/models/ModelSpec.h"
#include "core/util/JsonFields.h"

namespace w2s {

/// ModelSpec::toJson of a family other than mlp: the fields that determine the architecture
/// (and "pretrained" only when set, so the hashes of scratch models do not change).
nlohmann::json ladderModelJson(const ModelSpec& m);

/// The architecture a pretrain job trains: toJson() without the head's fields ("pooling") and
/// without "pretrained", so finetuning choices do not fork the pretrained model.
nlohmann::json backboneJson(const ModelSpec& m);

/// Parses and checks the transformer / import fields of a ladder member into `m` (family set).
void parseLadderModelJson(const JsonFields& f, ModelSpec& m);

}  // namespace w2s
