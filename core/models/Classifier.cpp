#include "core/models/Classifier.h"

#include <string>

#include "core/models/Cnn.h"
#include "core/models/Mlp.h"
#include "core/util/Error.h"

namespace w2s {

namespace {

std::string shapeText(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string where(const ModelSpec& spec) {
  return "model '" + (spec.name.empty() ? spec.family : spec.name) + "'";
}

// Validates spec against the input and returns the product of the input shape.
int64_t checkSpec(const ModelSpec& spec, const std::vector<int64_t>& inputShape, int numClasses) {
  if (numClasses < 2) {
    throw SpecError(where(spec) + ": needs at least 2 classes, got " + std::to_string(numClasses));
  }
  if (inputShape.empty()) throw SpecError(where(spec) + ": input shape is empty");
  int64_t size = 1;
  for (int64_t d : inputShape) {
    if (d < 1) throw SpecError(where(spec) + ": invalid input shape " + shapeText(inputShape));
    size *= d;
  }
  if (spec.family == "mlp") {
    if (spec.depth < 0) {
      throw SpecError(where(spec) + ": field 'depth' must be >= 0, got " +
                      std::to_string(spec.depth));
    }
    if (spec.depth > 0 && spec.width < 1) {
      throw SpecError(where(spec) + ": field 'width' must be >= 1, got " +
                      std::to_string(spec.width));
    }
  } else if (spec.family == "cnn") {
    if (inputShape.size() != 3 || inputShape[0] != 1 || inputShape[1] < 4 || inputShape[2] < 4) {
      throw SpecError(where(spec) +
                      ": family 'cnn' needs image input [1, H, W] with H, W >= 4, got " +
                      shapeText(inputShape));
    }
    if (spec.channels < 1) {
      throw SpecError(where(spec) + ": field 'channels' must be >= 1, got " +
                      std::to_string(spec.channels));
    }
  } else {
    throw SpecError(where(spec) + ": unknown model family '" + spec.family +
                    "' (expected 'mlp' or 'cnn')");
  }
  return size;
}

}  // namespace

std::shared_ptr<Classifier> makeModel(const ModelSpec& spec, const std::vector<int64_t>& inputShape,
                                      int numClasses) {
  const int64_t size = checkSpec(spec, inputShape, numClasses);
  if (spec.family == "cnn") {
    return std::make_shared<CnnImpl>(inputShape[1], inputShape[2], spec.channels, numClasses);
  }
  return std::make_shared<MlpImpl>(size, spec.width, spec.depth, numClasses);
}

int64_t parameterCount(const torch::nn::Module& module) {
  int64_t total = 0;
  for (const auto& p : module.parameters(/*recurse=*/true)) {
    if (p.requires_grad()) total += p.numel();
  }
  return total;
}

int64_t parameterCount(const ModelSpec& spec, const std::vector<int64_t>& inputShape,
                       int numClasses) {
  // By formula: building the model would draw from torch's global RNG and shift later inits.
  const int64_t size = checkSpec(spec, inputShape, numClasses);
  if (spec.family == "cnn") {
    return CnnImpl::countParameters(inputShape[1], inputShape[2], spec.channels, numClasses);
  }
  return MlpImpl::countParameters(size, spec.width, spec.depth, numClasses);
}

}  // namespace w2s
