// Sweep files and every other JSON the program reads go through the depth-limited reader.
#include "core/util/Error.h"
#include "core/util/JsonText.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const nlohmann::json j =
        w2s::parseJsonText(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
    // What parsing accepted must survive the recursive copy and dump nlohmann does later.
    const nlohmann::json copy = j;
    (void)copy.dump();
  } catch (const w2s::Error&) {
  }
  return 0;
}
