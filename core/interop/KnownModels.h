#pragma once
// Parameter counts of models the reference code bases train, so that imported runs get a size
// gap (log10 of the parameter ratio) like local ones.
#include <cstdint>
#include <string>

namespace w2s {

/// Parameter count of a known model name ("gpt2-large", "EleutherAI/pythia-410m",
/// "Qwen/Qwen-7B"; the organisation prefix and case are ignored), or 0 when unknown. GPT-2 and
/// Pythia counts are exact; the rest are the nominal sizes of their model cards.
int64_t knownModelParams(const std::string& name);

}  // namespace w2s
