#include "core/util/BlasThreads.h"

#include <dlfcn.h>

namespace w2s {

void setBlasThreads(int n) {
  using SetFn = void (*)(int);
  if (auto fn = reinterpret_cast<SetFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) fn(n);
}

}  // namespace w2s
