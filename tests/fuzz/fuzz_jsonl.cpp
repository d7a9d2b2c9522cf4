// JSONL imports, as a text task and as a numeric task.
#include "core/text/TableImport.h"
#include "core/util/Error.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = w2s::fuzz::inputFile(data, size, ".jsonl");
  w2s::ImportSpec text;
  text.textColumn = "text";
  try {
    w2s::importJsonl(path, text);
  } catch (const w2s::Error&) {
  }
  try {
    w2s::importJsonl(path, w2s::ImportSpec{});
  } catch (const w2s::Error&) {
  }
  return 0;
}
