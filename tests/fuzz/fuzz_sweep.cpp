// Sweep files (w2s run, the window's Open): the depth-limited JSON reader, the sweep validator
// with every field check it makes, then the planner (parameter counts of the ladder, pairs,
// methods, job hashes). Relative input paths resolve against a folder that does not exist, so a
// sweep naming files is refused with a clear error instead of reading them.
#include <cstdint>
#include <string>

#include "core/sweep/Plan.h"
#include "core/sweep/SweepSpec.h"
#include "core/util/Error.h"
#include "core/util/JsonText.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const nlohmann::json j =
        w2s::parseJsonText(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
    const w2s::SweepSpec spec = w2s::SweepSpec::fromJson(j, "fuzz.json", "/nonexistent");
    const w2s::Plan plan = w2s::planSweep(spec);
    (void)plan;
  } catch (const w2s::Error&) {
  }
  return 0;
}
