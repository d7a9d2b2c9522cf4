#include "core/run/ModelInputs.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <unordered_set>

#include "core/models/Classifier.h"
#include "core/models/ImportedModels.h"
#include "core/text/BagOfWords.h"
#include "core/text/BpeTokenizer.h"
#include "core/text/DataDir.h"
#include "core/text/GloveCache.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"
#include "core/util/Salts.h"

namespace w2s {

namespace {

const GloveCache& glove() {
  // Opening maps the binary cache (~0.4 s); the first run ever builds it (~11 s).
  static const GloveCache cache = GloveCache::open(gloveJsonPath());
  return cache;
}

/// The text each row's tokens stand for: its first max_len - 1 tokens, decoded.
std::vector<std::string> visibleTexts(const torch::Tensor& tokens, const BpeTokenizer& tok) {
  const int64_t n = tokens.size(0), len = tokens.size(1);
  const torch::Tensor t = tokens.contiguous();
  const int64_t* p = t.data_ptr<int64_t>();
  std::vector<std::string> texts;
  texts.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    std::vector<int32_t> ids;
    for (int64_t k = 0; k < len; ++k) {
      const int64_t id = p[i * len + k];
      if (id >= BpeTokenizer::kNumSpecial) ids.push_back(static_cast<int32_t>(id));
    }
    texts.push_back(tok.decode(ids));
  }
  return texts;
}

/// A fixed random vector of the length of GloVe row `row`: Gaussian direction seeded by the row.
std::vector<float> randomWordVector(int64_t row, const float* glove, int dim) {
  std::mt19937_64 rng(mixSeed(static_cast<uint64_t>(row), salt::kRandomWordVectors));
  std::normal_distribution<double> normal;
  std::vector<double> v(static_cast<size_t>(dim));
  double norm = 0, target = 0;
  for (int d = 0; d < dim; ++d) {
    v[static_cast<size_t>(d)] = normal(rng);
    norm += v[static_cast<size_t>(d)] * v[static_cast<size_t>(d)];
    target += static_cast<double>(glove[d]) * glove[d];
  }
  const double scale = norm > 0 ? std::sqrt(target / norm) : 0.0;
  std::vector<float> out(static_cast<size_t>(dim));
  for (int d = 0; d < dim; ++d) {
    out[static_cast<size_t>(d)] = static_cast<float>(v[static_cast<size_t>(d)] * scale);
  }
  return out;
}

/// Mean GloVe vector (or, with `random`, mean random word vector) of the words of each text:
/// float32 [N, kGloveDim].
torch::Tensor pooledGlove(const std::vector<std::string>& texts, bool random) {
  const GloveCache& g = glove();
  if (g.dim() != kGloveDim) {
    throw DataError(gloveJsonPath() + ": expected " + std::to_string(kGloveDim) +
                    "-d vectors, the cache holds " + std::to_string(g.dim()) + "-d ones");
  }
  const auto n = static_cast<int64_t>(texts.size());
  torch::Tensor out = torch::zeros({n, kGloveDim}, torch::kFloat32);
  float* o = out.data_ptr<float>();
  std::unordered_map<int64_t, std::vector<float>> randomRows;
  for (int64_t i = 0; i < n; ++i) {
    int64_t known = 0;
    float* row = o + i * kGloveDim;
    for (const std::string& w : textWords(texts[static_cast<size_t>(i)])) {
      const int64_t index = g.indexOf(w);
      if (index < 0) continue;
      const float* v = g.lookup(w);
      if (random) {
        auto it = randomRows.find(index);
        if (it == randomRows.end()) {
          it = randomRows.emplace(index, randomWordVector(index, v, kGloveDim)).first;
        }
        v = it->second.data();
      }
      for (int64_t d = 0; d < kGloveDim; ++d) row[d] += v[d];
      ++known;
    }
    if (known > 0) {
      for (int64_t d = 0; d < kGloveDim; ++d) row[d] /= static_cast<float>(known);
    }
  }
  return out;
}

ModelInputs cached(const std::string& key, const std::function<ModelInputs()>& make) {
  static std::mutex mutex;
  static std::map<std::string, ModelInputs> cache;
  std::lock_guard<std::mutex> lock(mutex);  // computing under the lock: one build per key
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  return cache[key] = make();
}

}  // namespace

WordCoverage gloveCoverage(const std::vector<std::string>& texts) {
  const GloveCache& g = glove();
  WordCoverage c;
  std::unordered_set<std::string> types, knownTypes;
  for (const std::string& text : texts) {
    for (const std::string& w : textWords(text)) {
      ++c.words;
      const bool known = g.indexOf(w) >= 0;
      if (known) ++c.known;
      if (types.insert(w).second && known) knownTypes.insert(w);
    }
  }
  c.types = static_cast<int64_t>(types.size());
  c.knownTypes = static_cast<int64_t>(knownTypes.size());
  return c;
}

ModelInputs modelInputs(const ModelSpec& spec, const TaskData& task) {
  const std::string taskKey = task.spec.toJson().dump();
  if (spec.family == "glove") {
    if (!task.tokens || !task.tokenizer) {
      throw SpecError("model '" + spec.name + "': family 'glove' needs a text task");
    }
    const bool random = spec.vectors == "random";
    return cached(std::string(random ? "glove-random|" : "glove|") + taskKey, [&] {
      std::vector<std::string> train = visibleTexts(task.train.x, *task.tokenizer);
      const std::vector<std::string> test = visibleTexts(task.test.x, *task.tokenizer);
      ModelInputs in{pooledGlove(train, random), pooledGlove(test, random)};
      train.insert(train.end(), test.begin(), test.end());
      const WordCoverage c = gloveCoverage(train);
      in.facts["glove_oov_rate"] = c.oovRate();
      in.facts["glove_oov_types"] =
          c.types ? 1.0 - static_cast<double>(c.knownTypes) / c.types : 0.0;
      return in;
    });
  }
  if (spec.family == "bow") {
    if (!task.tokens || !task.tokenizer) {
      throw SpecError("model '" + spec.name + "': family 'bow' needs a text task");
    }
    const BowOptions options{spec.buckets, spec.ngrams, spec.charNgrams};
    const std::string key = "bow|" + std::to_string(options.buckets) + "|" +
                            std::to_string(options.wordNgrams) + "|" +
                            std::to_string(options.charNgrams) + "|" + taskKey;
    return cached(key, [&] {
      const std::vector<std::string> train = visibleTexts(task.train.x, *task.tokenizer);
      const BagOfWords bow = BagOfWords::fit(train, options);
      return ModelInputs{bow.transform(train),
                         bow.transform(visibleTexts(task.test.x, *task.tokenizer))};
    });
  }
  if (spec.family == "embeddings") {
    const auto rows = loadEmbeddingFile(spec.path);
    const int64_t nTrain = task.train.size(), nTest = task.test.size();
    if (rows->size(0) != nTrain + nTest) {
      throw DataError(spec.path + ": expected " + std::to_string(nTrain + nTest) + " rows (the " +
                      std::to_string(nTrain) + " training examples, then the " +
                      std::to_string(nTest) + " test examples of task " + task.name + "), got " +
                      std::to_string(rows->size(0)));
    }
    return ModelInputs{rows->narrow(0, 0, nTrain), rows->narrow(0, nTrain, nTest)};
  }
  return ModelInputs{task.train.x, task.test.x};
}

int64_t initEmbeddingsFromGlove(torch::nn::Module& model, const BpeTokenizer& tokenizer,
                                uint64_t seed) {
  torch::Tensor weight;
  for (auto& p : model.named_parameters(/*recurse=*/true)) {
    if (p.key() == "tok.weight") weight = p.value();
  }
  if (!weight.defined()) {
    throw SpecError("glove_init: the model has no token embeddings (tok.weight)");
  }
  const GloveCache& g = glove();
  const int64_t d = weight.size(1);
  std::vector<int64_t> rows;
  std::vector<float> vectors;
  for (int32_t id = BpeTokenizer::kNumSpecial; id < tokenizer.vocabSize(); ++id) {
    std::string word = tokenizer.tokenBytes(id);
    word.erase(0, word.find_first_not_of(' '));
    if (word.empty() || !std::all_of(word.begin(), word.end(), [](char c) {
          return isWordByte(static_cast<unsigned char>(c));
        })) {
      continue;
    }
    const float* v = g.lookup(word);
    if (v == g.unk()) {
      std::string lower = word;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      v = g.lookup(lower);
    }
    if (v == g.unk()) continue;
    rows.push_back(id);
    vectors.insert(vectors.end(), v, v + g.dim());
  }
  if (rows.empty()) return 0;
  const auto n = static_cast<int64_t>(rows.size());
  const torch::Tensor glove = torch::from_blob(vectors.data(), {n, g.dim()}, torch::kFloat32);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  const torch::Tensor projection =
      torch::randn({g.dim(), d}, gen, torch::TensorOptions().dtype(torch::kFloat32));
  torch::Tensor mapped = glove.matmul(projection);
  torch::NoGradGuard noGrad;
  const double target = weight.std().item<double>();  // the initialisation's scale
  mapped = mapped * (target / std::max(1e-12, mapped.std().item<double>()));
  weight.index_copy_(0, torch::tensor(rows, torch::kInt64).to(weight.device()),
                     mapped.to(weight.device(), weight.scalar_type()));
  return n;
}

}  // namespace w2s
