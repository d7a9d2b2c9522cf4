#include "core/models/Classifier.h"

#include <string>

#include "core/models/Cnn.h"
#include "core/models/ImportedModels.h"
#include "core/models/Mlp.h"
#include "core/models/Transformer.h"
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

TransformerShape transformerShape(const ModelSpec& spec, const std::vector<int64_t>& inputShape,
                                  int numClasses, int vocabSize) {
  if (vocabSize < 1 || inputShape.size() != 1) {
    throw SpecError(where(spec) + ": family 'transformer' needs token input (a text task), got " +
                    shapeText(inputShape));
  }
  if (spec.dModel < 1 || spec.heads < 1 || spec.dModel % spec.heads != 0 || spec.layers < 0) {
    throw SpecError(where(spec) + ": needs d_model >= 1 divisible by heads and layers >= 0, got " +
                    "d_model " + std::to_string(spec.dModel) + ", heads " +
                    std::to_string(spec.heads) + ", layers " + std::to_string(spec.layers));
  }
  TransformerShape s;
  s.vocab = vocabSize;
  s.maxLen = inputShape[0];
  s.dModel = spec.dModel;
  s.layers = spec.layers;
  s.heads = spec.heads;
  s.dFF = spec.ffWidth();
  s.pooling = spec.pooling;
  s.numClasses = numClasses;
  return s;
}

/// Input width of the families that take features instead of the task's inputs; 0 otherwise.
std::string familyList() {
  std::string s;
  for (const std::string& f : modelFamilies()) s += (s.empty() ? "" : ", ") + f;
  return s;
}

int64_t featureWidth(const ModelSpec& spec, int vocabSize) {
  if (vocabSize > 0 && (spec.family == "mlp" || spec.family == "cnn")) {
    throw SpecError(where(spec) + ": family '" + spec.family +
                    "' needs numeric input; a text task's examples are token ids (use "
                    "transformer, glove, embeddings or torchscript)");
  }
  if (spec.family == "glove") {
    if (vocabSize < 1) {
      throw SpecError(where(spec) + ": family 'glove' pools the words of a text task's examples");
    }
    return kGloveDim;
  }
  if (spec.family == "bow") {
    if (vocabSize < 1) {
      throw SpecError(where(spec) + ": family 'bow' counts the words of a text task's examples");
    }
    return spec.buckets;
  }
  if (spec.family == "embeddings") return loadEmbeddingFile(spec.path)->size(1);
  return 0;
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
  } else if (spec.family == "transformer" || spec.family == "torchscript") {
    // checked where built
  } else if (spec.family == "glove" || spec.family == "bow" || spec.family == "embeddings") {
    if (spec.depth < 0 || (spec.depth > 0 && spec.width < 1)) {
      throw SpecError(where(spec) + ": needs depth >= 0 and width >= 1");
    }
  } else {
    throw SpecError(where(spec) + ": unknown model family '" + spec.family + "' (expected " +
                    familyList() + ")");
  }
  return size;
}

}  // namespace

bool isHeadParameter(const std::string& name) { return name.rfind("head.", 0) == 0; }

std::shared_ptr<Classifier> makeModel(const ModelSpec& spec, const std::vector<int64_t>& inputShape,
                                      int numClasses, int vocabSize) {
  const int64_t size = checkSpec(spec, inputShape, numClasses);
  if (spec.family == "transformer") {
    return std::make_shared<TransformerImpl>(
        transformerShape(spec, inputShape, numClasses, vocabSize));
  }
  if (spec.family == "torchscript") {
    return std::make_shared<TorchScriptClassifier>(spec.path, inputShape, vocabSize > 0,
                                                   numClasses);
  }
  if (const int64_t features = featureWidth(spec, vocabSize); features > 0) {
    return std::make_shared<MlpImpl>(features, spec.width, spec.depth, numClasses);
  }
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
                       int numClasses, int vocabSize) {
  // By formula: building the model would draw from torch's global RNG and shift later inits.
  const int64_t size = checkSpec(spec, inputShape, numClasses);
  if (spec.family == "transformer") {
    return TransformerImpl::countParameters(
        transformerShape(spec, inputShape, numClasses, vocabSize));
  }
  if (spec.family == "torchscript") {
    return TorchScriptClassifier::countParameters(spec.path, inputShape, vocabSize > 0, numClasses);
  }
  if (const int64_t features = featureWidth(spec, vocabSize); features > 0) {
    return MlpImpl::countParameters(features, spec.width, spec.depth, numClasses);
  }
  if (spec.family == "cnn") {
    return CnnImpl::countParameters(inputShape[1], inputShape[2], spec.channels, numClasses);
  }
  return MlpImpl::countParameters(size, spec.width, spec.depth, numClasses);
}

}  // namespace w2s
