#include "core/interop/KnownModels.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace w2s {

int64_t knownModelParams(const std::string& name) {
  static const std::map<std::string, int64_t> kParams = {
      {"gpt2", 124439808LL},
      {"gpt2-medium", 354823168LL},
      {"gpt2-large", 774030080LL},
      {"gpt2-xl", 1557611200LL},
      {"pythia-70m", 70426624LL},
      {"pythia-160m", 162322944LL},
      {"pythia-410m", 405334016LL},
      {"pythia-1b", 1011781632LL},
      {"pythia-1.4b", 1414647808LL},
      {"pythia-2.8b", 2775208960LL},
      {"pythia-6.9b", 6857302016LL},
      {"pythia-12b", 11846072320LL},
      {"qwen-1_8b", 1800000000LL},
      {"qwen-7b", 7700000000LL},
      {"qwen-14b", 14200000000LL},
      {"qwen-72b", 72300000000LL},
      {"mistral-7b-v0.1", 7240000000LL},
      {"meta-llama-3-8b", 8030000000LL},
  };
  std::string key =
      name.substr(name.find_last_of('/') == std::string::npos ? 0 : name.find_last_of('/') + 1);
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // "-deduped" Pythia models have the same architecture.
  const std::string deduped = "-deduped";
  if (key.size() > deduped.size() &&
      key.compare(key.size() - deduped.size(), deduped.size(), deduped) == 0) {
    key.resize(key.size() - deduped.size());
  }
  auto it = kParams.find(key);
  return it == kParams.end() ? 0 : it->second;
}

}  // namespace w2s
