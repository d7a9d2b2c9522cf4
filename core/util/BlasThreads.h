#pragma once
// OpenBLAS keeps its own thread pool, which at::set_num_threads does not reach.

namespace w2s {

/// Sets OpenBLAS's thread count when the process uses OpenBLAS (looked up at run time; a no-op
/// with another BLAS). With several training workers each BLAS call would otherwise start one
/// thread per core and oversubscribe them; a benchmark pins it like the other side's
/// OPENBLAS_NUM_THREADS.
void setBlasThreads(int n);

}  // namespace w2s
