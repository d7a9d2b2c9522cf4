#include "core/models/ImportedModels.h"

#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>

#include "core/io/Npy.h"
#include "core/io/Safetensors.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace w2s {

namespace {

/// path + size + mtime: a file replaced in place is read again.
std::string fileKey(const std::string& path, const char* what) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) throw DataError(path + ": cannot read the " + what + " file (" + ec.message() + ")");
  const auto mtime = fs::last_write_time(path, ec).time_since_epoch().count();
  return path + "|" + std::to_string(size) + "|" + std::to_string(mtime);
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

NdArray readEmbeddingArray(const std::string& path) {
  if (endsWith(path, ".npy")) return readNpy(path);
  if (!endsWith(path, ".safetensors")) {
    throw DataError(path + ": expected an embeddings file ending in .npy or .safetensors");
  }
  SafetensorsFile f = readSafetensors(path);
  if (f.tensors.size() == 1) return f.tensors.begin()->second;
  auto it = f.tensors.find("embeddings");
  if (it != f.tensors.end()) return it->second;
  std::string names;
  for (const auto& kv : f.tensors) names += (names.empty() ? "" : ", ") + kv.first;
  throw DataError(path + ": expected one tensor or one named \"embeddings\", got " +
                  (names.empty() ? std::string("none") : names));
}

torch::Tensor probeInput(const std::vector<int64_t>& inputShape, bool tokens) {
  std::vector<int64_t> shape = {2};
  shape.insert(shape.end(), inputShape.begin(), inputShape.end());
  return tokens ? torch::ones(shape, torch::kInt64) : torch::zeros(shape, torch::kFloat);
}

torch::jit::Module loadScript(const std::string& path) {
  try {
    return torch::jit::load(path);
  } catch (const c10::Error& e) {
    throw DataError(path +
                    ": not a loadable TorchScript module (save it with "
                    "torch.jit.script(m).save(path) or torch.jit.trace): " +
                    std::string(e.what_without_backtrace()));
  }
}

/// Feature width of the module's output for the probe batch.
int64_t featureWidth(torch::jit::Module& m, const std::string& path,
                     const std::vector<int64_t>& inputShape, bool tokens) {
  torch::NoGradGuard noGrad;
  torch::Tensor out;
  try {
    out = m.forward({probeInput(inputShape, tokens)}).toTensor();
  } catch (const c10::Error& e) {
    throw DataError(path + ": forward() failed on a batch of the task's inputs (" +
                    (tokens ? std::string("int64 token ids") : std::string("float32")) +
                    "): " + e.what_without_backtrace());
  }
  if (out.dim() != 2 || out.size(0) != 2) {
    std::ostringstream s;
    s << out.sizes();
    throw DataError(path + ": forward() must return features [N, F], got shape " + s.str());
  }
  return out.size(1);
}

int64_t scriptParameters(const torch::jit::Module& m) {
  int64_t n = 0;
  for (const auto& p : m.parameters()) n += p.numel();
  return n;
}

}  // namespace

std::shared_ptr<const torch::Tensor> loadEmbeddingFile(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const torch::Tensor>> cache;
  const std::string key = fileKey(path, "embeddings");
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  const NdArray a = readEmbeddingArray(path);
  if (a.shape.size() != 2 || a.shape[0] < 1 || a.shape[1] < 1) {
    throw DataError(path + ": expected a 2-d array [rows, dim] of embeddings, got " + a.describe());
  }
  const std::vector<float> v = a.toFloat32();
  auto t = std::make_shared<const torch::Tensor>(
      torch::from_blob(const_cast<float*>(v.data()), {a.shape[0], a.shape[1]}, torch::kFloat32)
          .clone());
  cache[key] = t;
  return t;
}

TorchScriptClassifier::TorchScriptClassifier(const std::string& path,
                                             const std::vector<int64_t>& inputShape, bool tokens,
                                             int numClasses)
    : module_(loadScript(path)) {
  const int64_t f = featureWidth(module_, path, inputShape, tokens);
  for (const auto& p : module_.named_parameters(/*recurse=*/true)) {
    std::string name = "ts." + p.name;
    for (char& c : name) {
      if (c == '.') c = '_';
    }
    // Same tensor as the scripted module holds: the optimiser updates the module in place.
    register_parameter(name, p.value, /*requires_grad=*/true);
  }
  head_ = register_module("head",
                          torch::nn::Linear(torch::nn::LinearOptions(f, numClasses).bias(false)));
  torch::NoGradGuard noGrad;
  head_->weight.zero_();
}

torch::Tensor TorchScriptClassifier::forward(torch::Tensor x) {
  return head_->forward(module_.forward({x}).toTensor());
}

void TorchScriptClassifier::train(bool on) {
  Classifier::train(on);
  module_.train(on);
}

int64_t TorchScriptClassifier::countParameters(const std::string& path,
                                               const std::vector<int64_t>& inputShape, bool tokens,
                                               int numClasses) {
  static std::mutex mutex;
  static std::map<std::string, std::pair<int64_t, int64_t>> cache;  // key -> (params, width)
  std::string key = fileKey(path, "TorchScript") + "|" + (tokens ? "t" : "f");
  for (int64_t d : inputShape) key += "," + std::to_string(d);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(key);
  if (it == cache.end()) {
    torch::jit::Module m = loadScript(path);
    it = cache
             .emplace(key, std::make_pair(scriptParameters(m),
                                          featureWidth(m, path, inputShape, tokens)))
             .first;
  }
  return it->second.first + it->second.second * numClasses;
}

}  // namespace w2s
