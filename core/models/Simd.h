#pragma once
// Eight-float vectors (GCC and Clang vector extensions) for the CNN's own CPU kernels
// (Conv3x3, MaxPoolRelu), and the run-time choice between their portable x86-64 builds and their
// AVX2 + FMA builds. Without AVX the compiler splits a vector into two SSE registers.
#include <cstdint>
#include <cstring>

namespace w2s::simd {

typedef float V8 __attribute__((vector_size(32)));
typedef int32_t I8 __attribute__((vector_size(32)));
constexpr int kLanes = 8;

// Vectors go by reference: passing a 32-byte vector by value would make these helpers' calling
// convention depend on the target (-Wpsabi); they are always inlined anyway.
inline void load(V8& v, const float* p) { std::memcpy(&v, p, sizeof v); }
inline void store(float* p, const V8& v) { std::memcpy(p, &v, sizeof v); }
inline void splat(V8& v, float f) { v = V8{f, f, f, f, f, f, f, f}; }
inline float lanesSum(const V8& v) {
  float s = v[0];
  for (int l = 1; l < kLanes; ++l) s += v[l];
  return s;
}

/// Whether a kernel takes its AVX2 + FMA build: the CPU has both and tests have not forced the
/// portable build.
bool useAvx2();

/// For tests: run the portable builds even where AVX2 is available, to check them there.
void forcePortable(bool on);

}  // namespace w2s::simd
