#include "core/train/FusedAdam.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <memory>
#include <sstream>
#include <string>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace w2s {

namespace {

struct AdamScalars {
  float beta1, beta2, weightDecay, invSqrtBc2, eps, stepSize;
};

// p -= stepSize * m / (sqrt(v) / sqrt(bc2) + eps) after the moment updates, for [begin, end).
void adamRange(float* __restrict p, const float* __restrict g, float* __restrict m,
               float* __restrict v, int64_t begin, int64_t end, const AdamScalars& s) {
  int64_t i = begin;
  const float c1 = 1.0f - s.beta1;
  const float c2 = 1.0f - s.beta2;
#if defined(__SSE2__)
  // SSE2 is part of x86-64, so this needs no runtime dispatch.
  const __m128 b1 = _mm_set1_ps(s.beta1), b1c = _mm_set1_ps(c1);
  const __m128 b2 = _mm_set1_ps(s.beta2), b2c = _mm_set1_ps(c2);
  const __m128 wd = _mm_set1_ps(s.weightDecay), inv = _mm_set1_ps(s.invSqrtBc2);
  const __m128 eps = _mm_set1_ps(s.eps), step = _mm_set1_ps(s.stepSize);
  for (; i + 4 <= end; i += 4) {
    const __m128 pi = _mm_loadu_ps(p + i);
    __m128 gi = _mm_loadu_ps(g + i);
    if (s.weightDecay != 0.0f) gi = _mm_add_ps(gi, _mm_mul_ps(pi, wd));
    const __m128 mi = _mm_add_ps(_mm_mul_ps(_mm_loadu_ps(m + i), b1), _mm_mul_ps(gi, b1c));
    const __m128 vi =
        _mm_add_ps(_mm_mul_ps(_mm_loadu_ps(v + i), b2), _mm_mul_ps(_mm_mul_ps(gi, gi), b2c));
    const __m128 denom = _mm_add_ps(_mm_mul_ps(_mm_sqrt_ps(vi), inv), eps);
    _mm_storeu_ps(m + i, mi);
    _mm_storeu_ps(v + i, vi);
    _mm_storeu_ps(p + i, _mm_sub_ps(pi, _mm_mul_ps(step, _mm_div_ps(mi, denom))));
  }
#endif
  for (; i < end; ++i) {
    const float gi = g[i] + (s.weightDecay != 0.0f ? p[i] * s.weightDecay : 0.0f);
    m[i] = m[i] * s.beta1 + gi * c1;
    v[i] = v[i] * s.beta2 + gi * gi * c2;
    p[i] -= s.stepSize * m[i] / (std::sqrt(v[i]) * s.invSqrtBc2 + s.eps);
  }
}

bool fusable(const torch::Tensor& p, const torch::optim::AdamOptions& options) {
  const torch::Tensor& g = p.grad();
  return !options.amsgrad() && p.device().is_cpu() && p.scalar_type() == torch::kFloat &&
         g.scalar_type() == torch::kFloat && p.is_contiguous() && g.is_contiguous() &&
         !g.is_sparse() && g.sizes() == p.sizes();
}

/// The key torch::optim::Adam files a parameter's state under: its TensorImpl's address, written
/// out as text up to libtorch 2.0 (what c10::guts::to_string made of it) and the pointer itself
/// since. Key is the state map's key type, so one source builds against both.
template <typename Key>
Key adamStateKey(c10::TensorImpl* impl) {
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream text;
    text << static_cast<const void*>(impl);
    return text.str();
  } else {
    return impl;
  }
}

}  // namespace

FusedAdam::FusedAdam(std::vector<torch::Tensor> params, torch::optim::AdamOptions options)
    : torch::optim::Adam(std::move(params), options) {}

torch::Tensor FusedAdam::step(LossClosure closure) {
  TORCH_CHECK(closure == nullptr, "FusedAdam::step takes no closure");
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const torch::optim::AdamOptions&>(group.options());
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      if (!fusable(p, options)) return torch::optim::Adam::step();
    }
  }
  torch::NoGradGuard noGrad;
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const torch::optim::AdamOptions&>(group.options());
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      // Same state key and layout as torch::optim::Adam.
      using StateKey = std::decay_t<decltype(state_)>::key_type;
      const StateKey key = adamStateKey<StateKey>(p.unsafeGetTensorImpl());
      auto it = state_.find(key);
      if (it == state_.end()) {
        auto fresh = std::make_unique<torch::optim::AdamParamState>();
        fresh->step(0);
        fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        it = state_.emplace(key, std::move(fresh)).first;
      }
      auto& state = static_cast<torch::optim::AdamParamState&>(*it->second);
      state.step(state.step() + 1);
      const double beta1 = std::get<0>(options.betas());
      const double beta2 = std::get<1>(options.betas());
      const double bc1 = 1.0 - std::pow(beta1, static_cast<double>(state.step()));
      const double bc2 = 1.0 - std::pow(beta2, static_cast<double>(state.step()));
      const AdamScalars s{static_cast<float>(beta1),
                          static_cast<float>(beta2),
                          static_cast<float>(options.weight_decay()),
                          static_cast<float>(1.0 / std::sqrt(bc2)),
                          static_cast<float>(options.eps()),
                          static_cast<float>(options.lr() / bc1)};
      float* pd = p.data_ptr<float>();
      const float* gd = p.grad().data_ptr<float>();
      float* md = state.exp_avg().data_ptr<float>();
      float* vd = state.exp_avg_sq().data_ptr<float>();
      // Splits large parameters over torch's intra-op threads; small ones run inline.
      at::parallel_for(0, p.numel(), /*grain_size=*/1 << 16, [&](int64_t begin, int64_t end) {
        adamRange(pd, gd, md, vd, begin, end, s);
      });
    }
  }
  return {};
}

void FusedAdam::releaseGrads() {
  for (auto& group : param_groups_) {
    for (auto& p : group.params()) p.mutable_grad().reset();
  }
}

}  // namespace w2s
