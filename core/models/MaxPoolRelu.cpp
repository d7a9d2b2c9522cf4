#include "core/models/MaxPoolRelu.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "core/models/Simd.h"

namespace w2s {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// v when keep, else +0: a bit mask instead of a select the compiler turns into a branch.
inline float keepIf(float v, bool keep) {
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  bits &= 0u - static_cast<uint32_t>(keep);
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

// One window's output and the position of its maximum (0..3 row-major, -1 where the gradient
// stops), for planes with (nan) or without a NaN.
inline void poolWindow(float a, float b, float c, float d, bool nan, float& out, int8_t& pos) {
  float best = a;
  int at = 0;
  if (nan) {
    // max_pool2d's own scan, where a NaN replaces the maximum (planes with a NaN only).
    const float v[4] = {a, b, c, d};
    for (int k = 1; k < 4; ++k) {
      if (v[k] > best || std::isnan(v[k])) best = v[k], at = k;
    }
  } else {
    // The same scan without NaNs keeps the first of equal maxima: the maximum, then the first
    // position that holds it, as selects (random data mispredicts branches).
    best = b > best ? b : best;
    best = c > best ? c : best;
    best = d > best ? d : best;
    at = c == best ? 2 : 3;
    at = b == best ? 1 : at;
    at = a == best ? 0 : at;
  }
  // relu(NaN) is NaN in torch, and its gradient passes where its output is not <= 0: where the
  // maximum is > 0 or NaN.
  const bool passes = best > 0.0f || std::isnan(best);
  out = passes ? best : 0.0f;
  pos = static_cast<int8_t>(passes ? at : -1);
}

typedef int8_t C8 __attribute__((vector_size(8)));

// poolWindow without NaNs for eight neighbouring windows of rows r0 and r1 (16 columns each).
inline __attribute__((always_inline)) void poolEight(const float* r0, const float* r1, float* out,
                                                     int8_t* pos) {
  using simd::I8;
  using simd::V8;
  const I8 even = {0, 2, 4, 6, 8, 10, 12, 14}, odd = {1, 3, 5, 7, 9, 11, 13, 15};
  V8 lo, hi;
  simd::load(lo, r0);
  simd::load(hi, r0 + 8);
  const V8 a = __builtin_shuffle(lo, hi, even), b = __builtin_shuffle(lo, hi, odd);
  simd::load(lo, r1);
  simd::load(hi, r1 + 8);
  const V8 c = __builtin_shuffle(lo, hi, even), d = __builtin_shuffle(lo, hi, odd);
  V8 best = b > a ? b : a;
  best = c > best ? c : best;
  best = d > best ? d : best;
  const I8 p0 = {0, 0, 0, 0, 0, 0, 0, 0}, p1 = p0 + 1, p2 = p0 + 2, p3 = p0 + 3, none = p0 - 1;
  I8 at = c == best ? p2 : p3;
  at = b == best ? p1 : at;
  at = a == best ? p0 : at;
  const I8 positive = best > V8{};
  simd::store(out, positive ? best : V8{});
  const C8 narrow = __builtin_convertvector(positive ? at : none, C8);
  std::memcpy(pos, &narrow, sizeof narrow);
}

// One plane [h, w] into out and pos [h / 2, w / 2]. Without NaNs, rows of at least eight windows
// go eight at a time (the last eight overlap the previous ones where the count is no multiple of
// eight: the same values are written twice).
inline __attribute__((always_inline)) void poolPlaneBody(const float* p, float* out, int8_t* pos,
                                                         int64_t h, int64_t w) {
  const int64_t oh = h / 2, ow = w / 2;
  bool nan = false;
  for (int64_t k = 0; k < h * w; ++k) nan |= std::isnan(p[k]);
  for (int64_t i = 0; i < oh; ++i) {
    const float* r0 = p + 2 * i * w;
    const float* r1 = r0 + w;
    float* ro = out + i * ow;
    int8_t* rp = pos + i * ow;
    if (!nan && ow >= simd::kLanes) {
      for (int64_t j = 0; j + simd::kLanes <= ow; j += simd::kLanes) {
        poolEight(r0 + 2 * j, r1 + 2 * j, ro + j, rp + j);
      }
      const int64_t last = ow - simd::kLanes;
      if (ow % simd::kLanes) poolEight(r0 + 2 * last, r1 + 2 * last, ro + last, rp + last);
      continue;
    }
    for (int64_t j = 0; j < ow; ++j) {
      poolWindow(r0[2 * j], r0[2 * j + 1], r1[2 * j], r1[2 * j + 1], nan, ro[j], rp[j]);
    }
  }
}

__attribute__((target("avx2,fma"))) void poolPlaneAvx2(const float* p, float* out, int8_t* pos,
                                                       int64_t h, int64_t w) {
  poolPlaneBody(p, out, pos, h, w);
}
void poolPlane(const float* p, float* out, int8_t* pos, int64_t h, int64_t w) {
  if (simd::useAvx2()) return poolPlaneAvx2(p, out, pos, h, w);
  poolPlaneBody(p, out, pos, h, w);
}

// Saved for the backward pass: per output cell, the position 0..3 of the window's maximum
// (row-major), or -1 when the maximum is <= 0 (ReLU's gradient is 0 there, also for a maximum
// of exactly 0).
class MaxPoolReluFn : public torch::autograd::Function<MaxPoolReluFn> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& input) {
    // Named in libtorch's profiler (`w2s bench --profile`), which records no custom forward.
    RECORD_FUNCTION("w2s::max_pool2x2_relu", std::vector<c10::IValue>{});
    const torch::Tensor x = input.contiguous();
    const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const int64_t oh = h / 2, ow = w / 2;
    torch::Tensor out = torch::empty({n, c, oh, ow}, x.options());
    torch::Tensor argmax = torch::empty({n, c, oh, ow}, x.options().dtype(torch::kChar));
    const float* in = x.data_ptr<float>();
    float* o = out.data_ptr<float>();
    int8_t* idx = argmax.data_ptr<int8_t>();
    at::parallel_for(0, n * c, 1, [&](int64_t begin, int64_t end) {
      for (int64_t plane = begin; plane < end; ++plane) {
        poolPlane(in + plane * h * w, o + plane * oh * ow, idx + plane * oh * ow, h, w);
      }
    });
    ctx->save_for_backward({argmax});
    ctx->saved_data["h"] = h;
    ctx->saved_data["w"] = w;
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
    RECORD_FUNCTION("w2s::max_pool2x2_relu_backward", std::vector<c10::IValue>{});
    const torch::Tensor argmax = ctx->get_saved_variables()[0];
    const int64_t h = ctx->saved_data["h"].toInt(), w = ctx->saved_data["w"].toInt();
    const torch::Tensor g = gradOutputs[0].contiguous();
    const int64_t planes = argmax.size(0) * argmax.size(1);
    const int64_t oh = argmax.size(2), ow = argmax.size(3);
    // Every input cell of a window receives a value (the gradient or 0); only the row and
    // column an odd size drops need zeros beforehand.
    const auto shape = std::vector<int64_t>{argmax.size(0), argmax.size(1), h, w};
    torch::Tensor gradIn =
        (h % 2 || w % 2) ? torch::zeros(shape, g.options()) : torch::empty(shape, g.options());
    const float* go = g.data_ptr<float>();
    const int8_t* idx = argmax.data_ptr<int8_t>();
    float* gi = gradIn.data_ptr<float>();
    at::parallel_for(0, planes, 1, [&](int64_t begin, int64_t end) {
      for (int64_t plane = begin; plane < end; ++plane) {
        const float* pg = go + plane * oh * ow;
        const int8_t* pk = idx + plane * oh * ow;
        for (int64_t i = 0; i < oh; ++i) {
          float* r0 = gi + plane * h * w + 2 * i * w;
          float* r1 = r0 + w;
          for (int64_t j = 0; j < ow; ++j) {
            const int k = pk[i * ow + j];
            const float v = pg[i * ow + j];
            r0[2 * j] = keepIf(v, k == 0);
            r0[2 * j + 1] = keepIf(v, k == 1);
            r1[2 * j] = keepIf(v, k == 2);
            r1[2 * j + 1] = keepIf(v, k == 3);
          }
        }
      }
    });
    return {gradIn};
  }
};

}  // namespace

torch::Tensor maxPool2x2Relu(const torch::Tensor& x) {
  const bool fused = x.device().is_cpu() && x.scalar_type() == torch::kFloat && x.dim() == 4 &&
                     x.size(2) >= 2 && x.size(3) >= 2;
  if (!fused) return torch::max_pool2d(x, /*kernel_size=*/2).relu_();
  return MaxPoolReluFn::apply(x);
}

}  // namespace w2s
