#include "core/models/Mlp.h"

#include <string>

namespace w2s {

MlpImpl::MlpImpl(int64_t inputSize, int width, int depth, int numClasses) {
  int64_t in = inputSize;
  for (int i = 0; i < depth; ++i) {
    hidden_.push_back(
        register_module("hidden" + std::to_string(i),
                        torch::nn::Linear(/*in_features=*/in, /*out_features=*/width)));
    in = width;
  }
  head_ = register_module("head", torch::nn::Linear(/*in_features=*/in, numClasses));
}

torch::Tensor MlpImpl::forward(torch::Tensor x) {
  // flatten(1) is a view for contiguous input: no copy per step. relu_ in place is safe: the
  // backward of a linear layer does not read its output.
  x = x.flatten(1);
  for (auto& layer : hidden_) x = layer->forward(x).relu_();
  return head_->forward(x);
}

int64_t MlpImpl::countParameters(int64_t inputSize, int width, int depth, int numClasses) {
  int64_t total = 0;
  int64_t in = inputSize;
  for (int i = 0; i < depth; ++i) {
    total += in * width + width;
    in = width;
  }
  return total + in * numClasses + numClasses;
}

}  // namespace w2s
