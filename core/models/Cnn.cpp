#include "core/models/Cnn.h"

#include "core/models/Conv3x3.h"
#include "core/models/MaxPoolRelu.h"

namespace w2s {

namespace {
// Each block halves the spatial size (floor), as max-pool 2 does.
int64_t pooledCells(int64_t height, int64_t width) { return (height / 2 / 2) * (width / 2 / 2); }
}  // namespace

CnnImpl::CnnImpl(int64_t height, int64_t width, int channels, int numClasses) {
  conv1_ = register_module(
      "conv1",
      torch::nn::Conv2d(
          torch::nn::Conv2dOptions(/*in_channels=*/1, channels, /*kernel_size=*/3).padding(1)));
  conv2_ = register_module(
      "conv2", torch::nn::Conv2d(
                   torch::nn::Conv2dOptions(channels, 2 * channels, /*kernel_size=*/3).padding(1)));
  head_ = register_module("head",
                          torch::nn::Linear(2 * channels * pooledCells(height, width), numClasses));
}

torch::Tensor CnnImpl::forward(torch::Tensor x) {
  // ReLU after the pooling, fused with it: the same values and gradients on a quarter of the cells.
  x = maxPool2x2Relu(conv3x3(x, conv1_->weight, conv1_->bias));
  x = maxPool2x2Relu(conv3x3(x, conv2_->weight, conv2_->bias));
  return head_->forward(x.flatten(1));
}

int64_t CnnImpl::countParameters(int64_t height, int64_t width, int channels, int numClasses) {
  const int64_t c = channels;
  const int64_t conv1 = 1 * c * 9 + c;
  const int64_t conv2 = c * 2 * c * 9 + 2 * c;
  const int64_t features = 2 * c * pooledCells(height, width);
  return conv1 + conv2 + features * numClasses + numClasses;
}

}  // namespace w2s
