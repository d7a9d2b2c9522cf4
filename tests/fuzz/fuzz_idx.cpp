// IDX image and label files, gzipped or not (zlib reads both).
#include "core/data/Idx.h"
#include "core/util/Error.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    w2s::readIdx(w2s::fuzz::inputFile(data, size, ".idx.gz"));
  } catch (const w2s::Error&) {
  }
  return 0;
}
