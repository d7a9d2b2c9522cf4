#pragma once
// 3x3 convolution with padding 1 and stride 1 (the CNN's two layers) as a direct CPU kernel for
// few channels. oneDNN's convolution reached 8-10 GFLOP/s on the 1->4 and 4->8 channel layers of
// cnn:4 and was three quarters of its training step (docs/benchmark.md); with that few channels
// a direct loop over zero-padded planes does the same arithmetic with less overhead.
#include <torch/torch.h>

namespace w2s {

/// conv2d(x, weight, bias, stride 1, padding 1) for x [N, Cin, H, W], weight [Cout, Cin, 3, 3],
/// bias [Cout]. Float32 CPU tensors with at most kDirectConvMaxOut output channels and
/// kDirectConvMaxChannelProduct input x output channels take the direct kernel, the rest
/// torch::conv2d. The direct kernel sums in its own fixed order, so its values differ from
/// oneDNN's in the last bits (within 1e-5 relative in the tests); they do not depend on the
/// number of threads.
torch::Tensor conv3x3(const torch::Tensor& x, const torch::Tensor& weight,
                      const torch::Tensor& bias);

/// Wider layers go to oneDNN, which trains them faster. Measured per layer, batch 64, forward and
/// backward, one thread (docs/benchmark.md): direct 0.30 ms vs oneDNN 0.56 ms at 1->4 channels on
/// 28x28, 0.94 vs 0.97 at 4->8 on 14x14, but 1.12 vs 0.56 at 1->16 and 1.79 vs 1.10 at 8->8.
constexpr int64_t kDirectConvMaxOut = 8;
constexpr int64_t kDirectConvMaxChannelProduct = 32;

/// Whether conv3x3 takes the direct kernel for these tensors.
bool conv3x3IsDirect(const torch::Tensor& x, const torch::Tensor& weight);

}  // namespace w2s
