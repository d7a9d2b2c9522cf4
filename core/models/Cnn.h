#pragma once
#include <torch/torch.h>

#include <cstdint>

#include "core/models/Classifier.h"

namespace w2s {

/// Raised whenever the CNN's arithmetic changes, so that results trained under an earlier
/// definition are not reused: CNN job configs record it as the model's "revision". Revision 1:
/// layers with few channels (conv3x3IsDirect) run on the direct 3x3 kernel
/// (core/models/Conv3x3), whose sums differ from oneDNN's in the last bits.
constexpr int kCnnRevision = 1;

/// Small image CNN: conv(1->c, 3x3, pad 1)+ReLU+max-pool 2, conv(c->2c, 3x3, pad 1)+ReLU+max-pool
/// 2, flatten, linear head. Input [N, 1, H, W] with H, W >= 4.
class CnnImpl : public Classifier {
 public:
  /// Input images [1, height, width]; the head sees 2*channels maps of (height/4)x(width/4).
  CnnImpl(int64_t height, int64_t width, int channels, int numClasses);

  /// x: [N, 1, H, W]; returns logits [N, numClasses].
  torch::Tensor forward(torch::Tensor x) override;

  /// Trainable parameters of this architecture, by formula (no model is built).
  static int64_t countParameters(int64_t height, int64_t width, int channels, int numClasses);

 private:
  torch::nn::Conv2d conv1_{nullptr};
  torch::nn::Conv2d conv2_{nullptr};
  torch::nn::Linear head_{nullptr};
};

}  // namespace w2s
