#include "core/data/ApplyView.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <sstream>

#include "core/data/Random.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"

namespace w2s {

// Design notes:
// - Every per-example degradation (noise values, occlusion place) is drawn from
//   mixSeed(seed, id, salt) alone, so an example is degraded identically whatever batch, order or
//   subset it comes in: the supervisor cannot average its noise away by seeing an example twice.
// - Noisy values are NOT clamped to the pixel range: clamping would make the noise depend on the
//   pixel value (biased near 0 and 1) and hide how much information the view destroys.

namespace {

std::string where(const ViewSpec& v) { return "view \"" + v.name + "\" (type " + v.type + ")"; }

std::string shapeString(const torch::Tensor& x) {
  std::ostringstream s;
  s << x.sizes();
  return s.str();
}

/// The images' [N, C, H, W] sizes, or a SpecError when the input is not images.
void requireImages(const torch::Tensor& x, const ViewSpec& v) {
  if (x.dim() != 4) {
    throw SpecError(where(v) + ": needs image input [N, C, H, W], got a tensor of shape " +
                    shapeString(x) + " (use \"noise\" or \"partial\" for flat features)");
  }
}

/// A float32, contiguous copy of x that the view may modify in place.
torch::Tensor writableCopy(const torch::Tensor& x) {
  torch::Tensor out = x.to(torch::kFloat).contiguous();
  if (out.data_ptr() == x.data_ptr()) out = out.clone();
  return out;
}

torch::Tensor addNoise(const torch::Tensor& x, const torch::Tensor& ids, const ViewSpec& v,
                       uint64_t seed, uint64_t salt) {
  if (!(v.sigma >= 0.0) || !std::isfinite(v.sigma)) {
    throw SpecError(where(v) + ": sigma must be a finite number >= 0, got " +
                    std::to_string(v.sigma));
  }
  torch::Tensor out = writableCopy(x);
  const int64_t n = out.size(0);
  if (n == 0 || v.sigma == 0.0) return out;
  const int64_t f = out.numel() / n;
  float* p = out.data_ptr<float>();
  const int64_t* id = ids.data_ptr<int64_t>();
  const auto sigma = static_cast<float>(v.sigma);
  // Each example owns its generator, so the split into threads cannot change any number.
  at::parallel_for(0, n, 16, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      GaussianSampler g(mixSeed(seed, static_cast<uint64_t>(id[i]), salt));
      g.addScaled(p + i * f, f, sigma);
    }
  });
  return out;
}

torch::Tensor downsample(const torch::Tensor& x, const ViewSpec& v) {
  requireImages(x, v);
  const int64_t h = x.size(2), w = x.size(3);
  if (v.factor < 1 || v.factor > std::max(h, w)) {
    throw SpecError(where(v) + ": factor must be between 1 and the image size " +
                    std::to_string(std::max(h, w)) + ", got " + std::to_string(v.factor));
  }
  if (v.factor == 1) return writableCopy(x);
  const int64_t f = v.factor;
  // ceil_mode keeps the edge blocks when the size is not a multiple of the factor; without
  // count_include_pad they average only the real pixels.
  torch::Tensor pooled = torch::avg_pool2d(x.to(torch::kFloat), {f, f}, {f, f}, /*padding=*/0,
                                           /*ceil_mode=*/true, /*count_include_pad=*/false);
  // Nearest upsampling by broadcasting each pooled value over an f x f block: exact blocks (the
  // scale of upsample_nearest2d would misalign the last block when f does not divide the size),
  // and a single copy.
  const int64_t n = pooled.size(0), c = pooled.size(1), ph = pooled.size(2), pw = pooled.size(3);
  return pooled.view({n, c, ph, 1, pw, 1})
      .expand({n, c, ph, f, pw, f})
      .reshape({n, c, ph * f, pw * f})
      .slice(2, 0, h)
      .slice(3, 0, w)
      .contiguous();
}

torch::Tensor occlude(const torch::Tensor& x, const torch::Tensor& ids, const ViewSpec& v,
                      uint64_t seed, uint64_t salt) {
  requireImages(x, v);
  const int64_t c = x.size(1), h = x.size(2), w = x.size(3);
  if (v.size < 0 || v.size > std::min(h, w)) {
    throw SpecError(where(v) + ": size must be between 0 and " + std::to_string(std::min(h, w)) +
                    " (the image is " + std::to_string(h) + "x" + std::to_string(w) + "), got " +
                    std::to_string(v.size));
  }
  torch::Tensor out = writableCopy(x);
  const int64_t n = out.size(0), s = v.size;
  if (n == 0 || s == 0) return out;
  float* p = out.data_ptr<float>();
  const int64_t* id = ids.data_ptr<int64_t>();
  at::parallel_for(0, n, 64, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      SplitMix64 rng(mixSeed(seed, static_cast<uint64_t>(id[i]), salt));
      const auto top = static_cast<int64_t>(randomBelow(rng, static_cast<uint64_t>(h - s + 1)));
      const auto left = static_cast<int64_t>(randomBelow(rng, static_cast<uint64_t>(w - s + 1)));
      for (int64_t ch = 0; ch < c; ++ch) {
        float* plane = p + (i * c + ch) * h * w;
        for (int64_t r = top; r < top + s; ++r) {
          std::fill(plane + r * w + left, plane + r * w + left + s, 0.0f);
        }
      }
    }
  });
  return out;
}

torch::Tensor partial(const torch::Tensor& x, const ViewSpec& v) {
  if (!(v.keep >= 0.0 && v.keep <= 1.0)) {
    throw SpecError(where(v) + ": keep must be a fraction between 0 and 1, got " +
                    std::to_string(v.keep));
  }
  torch::Tensor out = writableCopy(x);
  const int64_t n = out.size(0);
  if (n == 0) return out;
  const int64_t f = out.numel() / n;
  const auto kept = static_cast<int64_t>(std::llround(v.keep * static_cast<double>(f)));
  out.view({n, f}).slice(1, kept).zero_();
  return out;
}

}  // namespace

torch::Tensor applyView(const torch::Tensor& x, const torch::Tensor& ids, const ViewSpec& view,
                        uint64_t seed, uint64_t salt) {
  if (view.type == "none") return x;
  if (!x.device().is_cpu()) {
    // The per-example loops write through raw pointers: degrade on the CPU, then move back.
    return applyView(x.cpu(), ids.cpu(), view, seed, salt).to(x.device());
  }
  if (x.dim() < 2) {
    throw Error(where(view) + ": expected a batch [N, features...], got shape " + shapeString(x));
  }
  const torch::Tensor id = ids.to(torch::kInt64).contiguous();
  if (id.dim() != 1 || id.size(0) != x.size(0)) {
    throw Error(where(view) + ": ids " + shapeString(ids) + " do not match the batch " +
                shapeString(x));
  }
  if (view.type == "noise") return addNoise(x, id, view, seed, salt);
  if (view.type == "downsample") return downsample(x, view);
  if (view.type == "occlude") return occlude(x, id, view, seed, salt);
  if (view.type == "partial") return partial(x, view);
  throw SpecError(where(view) + ": unknown view type \"" + view.type +
                  "\" (expected none, noise, downsample, occlude or partial)");
}

}  // namespace w2s
