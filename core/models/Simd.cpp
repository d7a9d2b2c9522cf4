#include "core/models/Simd.h"

#include <atomic>

namespace w2s::simd {

namespace {
// Read once; __builtin_cpu_init makes the CPU data ready even before other initialisers ran.
const bool kHasAvx2 = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}();
std::atomic<bool> portable{false};
}  // namespace

bool useAvx2() { return kHasAvx2 && !portable.load(std::memory_order_relaxed); }

void forcePortable(bool on) { portable = on; }

}  // namespace w2s::simd
