// Result folders of the reference code bases (w2s import): one input describes a small folder
// tree. Its first byte picks the layout (even: openai/weak-to-strong, odd: EleutherAI/w2s); the
// rest, split at "|||", gives the files of that layout in order (fewer parts leave later files
// missing). The readers must turn every folder into runs or a w2s::Error.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/interop/EleutherImporter.h"
#include "core/interop/OpenAiImporter.h"
#include "core/util/Error.h"

namespace {

const std::vector<std::string> kOpenAi = {
    "ms=gpt2-s=0/config.json",         "ms=gpt2-s=0/results_summary.json",
    "ms=gpt2-medium-s=0/config.json",  "ms=gpt2-medium-s=0/results_summary.json",
    "l=xent-ms=gpt2-medium/config.json", "l=xent-ms=gpt2-medium/results_summary.json",
    "l=xent-ms=gpt2-medium/log.jsonl"};
const std::vector<std::string> kEleuther = {
    "shared/weak/config.json",   "shared/weak/results.json",
    "shared/strong/config.json", "shared/strong/results.json",
    "run/w2s/config.json",       "run/w2s/results.json",
    "run/w2s/checkpoint-1/trainer_state.json",
    "run/s2s-0/config.json",     "run/s2s-0/results.json"};

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  size_t from = 0;
  for (;;) {
    const size_t at = text.find("|||", from);
    parts.push_back(text.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) return parts;
    from = at + 3;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  namespace fs = std::filesystem;
  static const fs::path root =
      fs::path(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") /
      ("w2s-fuzz-import-" + std::to_string(getpid()));
  std::error_code ec;
  fs::remove_all(root, ec);
  const bool openAi = data[0] % 2 == 0;
  const auto& names = openAi ? kOpenAi : kEleuther;
  const auto parts = split(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  for (size_t i = 0; i < parts.size() && i < names.size(); ++i) {
    const fs::path file = root / names[i];
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << parts[i];
  }
  try {
    const w2s::ImportBatch batch =
        openAi ? w2s::readOpenAiResults(root.string()) : w2s::readEleutherResults(root.string());
    (void)batch;
  } catch (const w2s::Error&) {
  }
  return 0;
}
