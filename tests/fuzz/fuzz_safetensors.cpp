// .safetensors embeddings files.
#include "core/io/Safetensors.h"
#include "core/util/Error.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    w2s::readSafetensors(w2s::fuzz::inputFile(data, size, ".safetensors"));
  } catch (const w2s::Error&) {
  }
  return 0;
}
