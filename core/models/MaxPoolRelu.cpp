#include "core/models/MaxPoolRelu.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

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

// Saved for the backward pass: per output cell, the position 0..3 of the window's maximum
// (row-major), or -1 when the maximum is not positive (ReLU's gradient is 0 there, also for a
// maximum of exactly 0).
class MaxPoolReluFn : public torch::autograd::Function<MaxPoolReluFn> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& input) {
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
        const float* p = in + plane * h * w;
        float* po = o + plane * oh * ow;
        int8_t* pi = idx + plane * oh * ow;
        bool nan = false;
        for (int64_t k = 0; k < h * w; ++k) nan |= std::isnan(p[k]);
        for (int64_t i = 0; i < oh; ++i) {
          const float* r0 = p + 2 * i * w;
          const float* r1 = r0 + w;
          for (int64_t j = 0; j < ow; ++j) {
            const float a = r0[2 * j], b = r0[2 * j + 1], c2 = r1[2 * j], d = r1[2 * j + 1];
            float best = a;
            int at = 0;  // window position 0..3, row-major
            if (nan) {
              // max_pool2d's own scan, where a NaN replaces the maximum (planes with a NaN only).
              const float v[4] = {a, b, c2, d};
              for (int k = 1; k < 4; ++k) {
                if (v[k] > best || std::isnan(v[k])) best = v[k], at = k;
              }
            } else {
              // The same scan without NaNs keeps the first of equal maxima: the maximum, then
              // the first position that holds it, as selects (random data mispredicts branches).
              best = b > best ? b : best;
              best = c2 > best ? c2 : best;
              best = d > best ? d : best;
              at = c2 == best ? 2 : 3;
              at = b == best ? 1 : at;
              at = a == best ? 0 : at;
            }
            // relu(NaN) is NaN in torch; the gradient passes only where the maximum is > 0.
            const bool positive = best > 0.0f;
            po[i * ow + j] = positive | std::isnan(best) ? best : 0.0f;
            pi[i * ow + j] = static_cast<int8_t>(positive ? at : -1);
          }
        }
      }
    });
    ctx->save_for_backward({argmax});
    ctx->saved_data["h"] = h;
    ctx->saved_data["w"] = w;
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
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
