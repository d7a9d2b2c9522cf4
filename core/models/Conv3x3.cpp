#include "core/models/Conv3x3.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/models/Simd.h"

namespace w2s {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

using simd::kLanes;
using simd::lanesSum;
using simd::load;
using simd::splat;
using simd::store;
using simd::V8;

// A zero-padded plane: (h + 2) rows of s = w + 2 floats, the image at row 1, column 1. An output
// cell (y, x) is at t = y * s + x of the "flat" loops, its tap (ky, kx) at t + ky * s + kx of the
// padded input; the two columns x = w, w + 1 of each output row are computed and dropped, which
// keeps every loop one contiguous run of `flat` cells instead of h runs of w.
struct Geometry {
  int64_t h, w, s, plane, flat;
  Geometry(int64_t height, int64_t width)
      : h(height),
        w(width),
        s(width + 2),
        plane((height + 2) * (width + 2)),
        flat(height * (width + 2) - 2) {}
  int64_t tap(int k) const { return (k / 3) * s + k % 3; }
};

// Per-thread scratch for one image at a time: zero-padded input planes, zero-padded output
// gradient planes and the output accumulators. The borders are zeroed once; each image only
// rewrites the interiors, so no batch-sized buffer is allocated and touched for the first time
// on every step (that alone cost more than the arithmetic).
struct Scratch {
  std::vector<float> input, grad, acc;
  Scratch(int64_t cin, int64_t cout, const Geometry& g)
      : input(cin * g.plane, 0.0f), grad(cout * g.plane, 0.0f), acc(4 * g.flat) {}
};

// Copies planes [count, h, w] into the interiors of zero-padded planes [count, plane].
void padInto(const float* src, float* dst, int64_t count, const Geometry& g) {
  for (int64_t c = 0; c < count; ++c) {
    for (int64_t y = 0; y < g.h; ++y) {
      std::memcpy(dst + c * g.plane + (y + 1) * g.s + 1, src + (c * g.h + y) * g.w,
                  sizeof(float) * g.w);
    }
  }
}

// One image: out[o] = bias[o] + sum_i sum_k w[o][i][k] * tap k of padded plane i, for outputs in
// blocks of up to four channels that share each loaded input value. w is [cout][cin][9]; acc is
// scratch of 4 * flat floats. The sum runs over i, then k in row-major order, per cell.
inline __attribute__((always_inline)) void convImageBody(const float* padded, const float* w,
                                                         const float* bias, float* out, int64_t cin,
                                                         int64_t cout, const Geometry& g,
                                                         float* acc) {
  const int64_t flat = g.flat, vecEnd = flat / kLanes * kLanes;
  int64_t off[9];
  for (int k = 0; k < 9; ++k) off[k] = g.tap(k);
  for (int64_t o0 = 0; o0 < cout; o0 += 4) {
    const int64_t nb = std::min<int64_t>(4, cout - o0);
    for (int64_t b = 0; b < nb; ++b) {
      const float init = bias ? bias[o0 + b] : 0.0f;
      std::fill(acc + b * flat, acc + (b + 1) * flat, init);
    }
    for (int64_t i = 0; i < cin; ++i) {
      const float* p = padded + i * g.plane;
      float k[4][9];
      for (int64_t b = 0; b < 4; ++b) {
        for (int t = 0; t < 9; ++t) k[b][t] = b < nb ? w[((o0 + b) * cin + i) * 9 + t] : 0.0f;
      }
      for (int64_t t = 0; t < vecEnd; t += kLanes) {
        V8 in[9];
        for (int q = 0; q < 9; ++q) load(in[q], p + t + off[q]);
        for (int64_t b = 0; b < nb; ++b) {
          V8 sum = k[b][0] * in[0];
          for (int q = 1; q < 9; ++q) sum += k[b][q] * in[q];
          V8 a;
          load(a, acc + b * flat + t);
          a += sum;
          store(acc + b * flat + t, a);
        }
      }
      for (int64_t t = vecEnd; t < flat; ++t) {
        for (int64_t b = 0; b < nb; ++b) {
          float sum = k[b][0] * p[t + off[0]];
          for (int q = 1; q < 9; ++q) sum += k[b][q] * p[t + off[q]];
          acc[b * flat + t] += sum;
        }
      }
    }
    for (int64_t b = 0; b < nb; ++b) {
      for (int64_t y = 0; y < g.h; ++y) {
        std::memcpy(out + ((o0 + b) * g.h + y) * g.w, acc + b * flat + y * g.s,
                    sizeof(float) * g.w);
      }
    }
  }
}

// One image's weight and bias gradients: grads[o][i][k] = sum over cells of
// gradOut[o] * tap k of padded input plane i, then grads[cout * cin * 9 + o] = sum of gradOut[o].
// gradPadded holds the output gradient as zero-padded planes: from its cell (1, 1) on it reads as
// rows of s with zeros in the two dropped columns, so the flat loop multiplies those by 0.
// Each sum keeps eight lanes over the vector part, adds them in order, then the tail.
inline __attribute__((always_inline)) void weightGradImageBody(const float* gradPadded,
                                                               const float* padded, float* grads,
                                                               int64_t cin, int64_t cout,
                                                               const Geometry& g) {
  const int64_t flat = g.flat, vecEnd = flat / kLanes * kLanes;
  int64_t off[9];
  for (int k = 0; k < 9; ++k) off[k] = g.tap(k);
  for (int64_t o = 0; o < cout; ++o) {
    const float* go = gradPadded + o * g.plane + g.s + 1;
    for (int64_t i = 0; i < cin; ++i) {
      const float* p = padded + i * g.plane;
      V8 sum[9];
      for (int q = 0; q < 9; ++q) splat(sum[q], 0.0f);
      for (int64_t t = 0; t < vecEnd; t += kLanes) {
        V8 gv, pv;
        load(gv, go + t);
        for (int q = 0; q < 9; ++q) {
          load(pv, p + t + off[q]);
          sum[q] += gv * pv;
        }
      }
      for (int q = 0; q < 9; ++q) {
        float s = lanesSum(sum[q]);
        for (int64_t t = vecEnd; t < flat; ++t) s += go[t] * p[t + off[q]];
        grads[(o * cin + i) * 9 + q] = s;
      }
    }
    V8 bsum, gv;
    splat(bsum, 0.0f);
    for (int64_t t = 0; t < vecEnd; t += kLanes) {
      load(gv, go + t);
      bsum += gv;
    }
    float s = lanesSum(bsum);
    for (int64_t t = vecEnd; t < flat; ++t) s += go[t];
    grads[cout * cin * 9 + o] = s;
  }
}

// Each kernel twice: for any x86-64, and for CPUs with AVX2 and FMA, chosen at run time.
__attribute__((target("avx2,fma"))) void convImageAvx2(const float* padded, const float* w,
                                                       const float* bias, float* out, int64_t cin,
                                                       int64_t cout, const Geometry& g,
                                                       float* acc) {
  convImageBody(padded, w, bias, out, cin, cout, g, acc);
}
void convImage(const float* padded, const float* w, const float* bias, float* out, int64_t cin,
               int64_t cout, const Geometry& g, float* acc) {
  if (simd::useAvx2()) return convImageAvx2(padded, w, bias, out, cin, cout, g, acc);
  convImageBody(padded, w, bias, out, cin, cout, g, acc);
}

__attribute__((target("avx2,fma"))) void weightGradImageAvx2(const float* gradPadded,
                                                             const float* padded, float* grads,
                                                             int64_t cin, int64_t cout,
                                                             const Geometry& g) {
  weightGradImageBody(gradPadded, padded, grads, cin, cout, g);
}
void weightGradImage(const float* gradPadded, const float* padded, float* grads, int64_t cin,
                     int64_t cout, const Geometry& g) {
  if (simd::useAvx2()) return weightGradImageAvx2(gradPadded, padded, grads, cin, cout, g);
  weightGradImageBody(gradPadded, padded, grads, cin, cout, g);
}

class Conv3x3Fn : public torch::autograd::Function<Conv3x3Fn> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& input,
                               const torch::Tensor& weight, const torch::Tensor& bias) {
    // Named in libtorch's profiler (`w2s bench --profile`), which records no custom forward.
    RECORD_FUNCTION("w2s::conv3x3", std::vector<c10::IValue>{});
    const torch::Tensor x = input.contiguous();
    const torch::Tensor w = weight.contiguous();
    const torch::Tensor b = bias.contiguous();
    const int64_t n = x.size(0), cin = x.size(1), cout = w.size(0);
    const Geometry g(x.size(2), x.size(3));
    torch::Tensor out = torch::empty({n, cout, g.h, g.w}, x.options());
    const float* px = x.data_ptr<float>();
    const float* pw = w.data_ptr<float>();
    const float* pb = b.data_ptr<float>();
    float* po = out.data_ptr<float>();
    at::parallel_for(0, n, 1, [&](int64_t begin, int64_t end) {
      Scratch scratch(cin, 0, g);
      for (int64_t i = begin; i < end; ++i) {
        padInto(px + i * cin * g.h * g.w, scratch.input.data(), cin, g);
        convImage(scratch.input.data(), pw, pb, po + i * cout * g.h * g.w, cin, cout, g,
                  scratch.acc.data());
      }
    });
    ctx->save_for_backward({x, w});
    ctx->saved_data["input_grad"] = input.requires_grad();
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
    RECORD_FUNCTION("w2s::conv3x3_backward", std::vector<c10::IValue>{});
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor& x = saved[0];
    const torch::Tensor& w = saved[1];
    const bool inputGrad = ctx->saved_data["input_grad"].toBool();
    const torch::Tensor grad = gradOutputs[0].contiguous();
    const int64_t n = x.size(0), cin = x.size(1), cout = w.size(0);
    const Geometry g(x.size(2), x.size(3));
    const int64_t cells = g.h * g.w;

    // The input gradient is the convolution of the output gradient with the weights turned by
    // 180 degrees and their in and out channels swapped.
    torch::Tensor turned, gradInput;
    if (inputGrad) {
      turned = w.flip({2, 3}).transpose(0, 1).contiguous();
      gradInput = torch::empty({n, cin, g.h, g.w}, grad.options());
    }
    // Weight and bias gradients per image, then summed over the batch in image order: the same
    // sums for any number of threads.
    const int64_t per = cout * cin * 9 + cout;
    std::vector<float> partial(n * per);
    const float* px = x.data_ptr<float>();
    const float* pg = grad.data_ptr<float>();
    const float* pt = inputGrad ? turned.data_ptr<float>() : nullptr;
    float* pgi = inputGrad ? gradInput.data_ptr<float>() : nullptr;
    at::parallel_for(0, n, 1, [&](int64_t begin, int64_t end) {
      Scratch scratch(cin, cout, g);
      for (int64_t i = begin; i < end; ++i) {
        padInto(px + i * cin * cells, scratch.input.data(), cin, g);
        padInto(pg + i * cout * cells, scratch.grad.data(), cout, g);
        weightGradImage(scratch.grad.data(), scratch.input.data(), partial.data() + i * per, cin,
                        cout, g);
        if (inputGrad) {
          convImage(scratch.grad.data(), pt, nullptr, pgi + i * cin * cells, cout, cin, g,
                    scratch.acc.data());
        }
      }
    });
    torch::Tensor sums = torch::zeros({per}, grad.options());
    float* s = sums.data_ptr<float>();
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t k = 0; k < per; ++k) s[k] += partial[i * per + k];
    }
    torch::Tensor gradWeight = sums.slice(0, 0, cout * cin * 9).view(w.sizes());
    torch::Tensor gradBias = sums.slice(0, cout * cin * 9, per);
    return {gradInput, gradWeight, gradBias};
  }
};

}  // namespace

bool conv3x3IsDirect(const torch::Tensor& x, const torch::Tensor& weight) {
  return x.device().is_cpu() && x.scalar_type() == torch::kFloat && x.dim() == 4 && x.size(2) > 0 &&
         x.size(3) > 0 && weight.scalar_type() == torch::kFloat && weight.dim() == 4 &&
         weight.size(2) == 3 && weight.size(3) == 3 && x.size(1) == weight.size(1) &&
         weight.size(0) <= kDirectConvMaxOut &&
         weight.size(0) * weight.size(1) <= kDirectConvMaxChannelProduct;
}

torch::Tensor conv3x3(const torch::Tensor& x, const torch::Tensor& weight,
                      const torch::Tensor& bias) {
  if (!conv3x3IsDirect(x, weight) || !bias.defined()) {
    return torch::conv2d(x, weight, bias, /*stride=*/1, /*padding=*/1);
  }
  return Conv3x3Fn::apply(x, weight, bias);
}

}  // namespace w2s
