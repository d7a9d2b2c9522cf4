#pragma once
#include <torch/torch.h>

#include <cstdint>

#include "core/data/View.h"

namespace w2s {

/// Applies the view to x [N, inputShape...]. ids are the examples' stable ids; `salt` separates
/// train and test ids. Equal (seed, id, salt) always give the same degradation.
torch::Tensor applyView(const torch::Tensor& x, const torch::Tensor& ids, const ViewSpec& view,
                        uint64_t seed, uint64_t salt);

}  // namespace w2s
