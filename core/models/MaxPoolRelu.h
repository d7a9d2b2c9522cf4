#pragma once
// relu(max_pool2d(x, 2)) as one CPU kernel: the CNN's pooling step. libtorch's max_pool2d with
// indices is generic (any kernel, stride, padding, dilation) and took a quarter to a third of a
// small CNN's training step on one core (bench/profile_loop.py); this 2x2 kernel plus its ReLU
// is a single pass each way.
#include <torch/torch.h>

namespace w2s {

/// relu(max_pool2d(x, kernel_size=2)) for x [N, C, H, W] (odd H or W: the last row or column is
/// dropped, as max_pool2d does). Float32 CPU tensors take the fused kernel; others (a GPU, double)
/// go through torch::max_pool2d and relu. The two give bit-identical values and gradients: the
/// window's maximum is its first largest element in row-major order (a NaN wins, as in
/// max_pool2d), ReLU commutes with the maximum, and the gradient reaches that element when the
/// maximum is positive or NaN.
torch::Tensor maxPool2x2Relu(const torch::Tensor& x);

}  // namespace w2s
