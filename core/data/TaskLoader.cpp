// loadTask: reads a dataset, groups its classes, takes the configured subset, caches the result.
#include <exception>
#include <functional>
#include <future>
#include <map>
#include <mutex>

#include "core/data/Idx.h"
#include "core/data/Random.h"
#include "core/data/Synthetic.h"
#include "core/data/TaskData.h"
#include "core/data/TextTask.h"
#include "core/text/DataDir.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"
#include "core/util/Paths.h"

namespace w2s {

namespace {

constexpr uint32_t kImagesMagic = 0x00000803;
constexpr uint32_t kLabelsMagic = 0x00000801;
constexpr int64_t kSide = 28;
// Subsets are a fixed function of the data, not of the sweep seed: every sweep that asks for
// trainSize K trains on the same K examples, and a smaller K is a subset of a larger one.
constexpr uint64_t kSubsetSeed = 0x5eb5e7;

/// One split of a dataset in file order, before grouping and subsetting.
struct RawSplit {
  torch::Tensor x;       ///< uint8 [N, 28, 28] (images) or float32 [N, dim]
  torch::Tensor labels;  ///< int64 [N], dataset class ids
};

struct RawData {
  RawSplit train;
  RawSplit test;
};

/// Process-wide map from key to a value built once; concurrent callers of the same key wait for
/// the first one. A failed build is forgotten so that a later call (e.g. after installing the
/// data) tries again. thread-safety: get() from any thread.
template <class T>
class OnceCache {
 public:
  using Ptr = std::shared_ptr<const T>;

  Ptr get(const std::string& key, const std::function<Ptr()>& make) {
    std::promise<Ptr> promise;
    std::shared_future<Ptr> future;
    bool owner = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = entries_.find(key);
      if (it != entries_.end()) {
        future = it->second;
      } else {
        future = promise.get_future().share();
        entries_.emplace(key, future);
        owner = true;
      }
    }
    if (owner) {
      try {
        promise.set_value(make());
      } catch (...) {
        promise.set_exception(std::current_exception());
        std::lock_guard<std::mutex> lock(mutex_);
        entries_.erase(key);
      }
    }
    return future.get();
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_future<Ptr>> entries_;
};

const std::vector<std::string>& fashionClassNames() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                                 "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                                 "Bag",         "Ankle boot"};
  return names;
}

RawSplit readFashionSplit(const std::string& dir, const std::string& prefix) {
  const std::string imagesPath = dir + "/" + prefix + "-images-idx3-ubyte.gz";
  const std::string labelsPath = dir + "/" + prefix + "-labels-idx1-ubyte.gz";
  IdxArray images = readIdx(imagesPath, kImagesMagic);
  const IdxArray labels = readIdx(labelsPath, kLabelsMagic);
  if (images.dims.size() != 3 || images.dims[1] != kSide || images.dims[2] != kSide) {
    throw DataError(imagesPath + ": expected images of shape [N, 28, 28], got " +
                    std::to_string(images.dims.size()) + " dimensions");
  }
  if (labels.dims.size() != 1) {
    throw DataError(labelsPath + ": expected 1 dimension (one label per image), got " +
                    std::to_string(labels.dims.size()));
  }
  const int64_t n = images.dims[0];
  if (labels.dims[0] != n) {
    throw DataError(labelsPath + ": holds " + std::to_string(labels.dims[0]) + " labels but " +
                    imagesPath + " holds " + std::to_string(n) + " images");
  }
  const int numClasses = static_cast<int>(fashionClassNames().size());
  for (int64_t i = 0; i < n; ++i) {
    if (labels.data[static_cast<size_t>(i)] >= numClasses) {
      throw DataError(labelsPath + ": label " +
                      std::to_string(labels.data[static_cast<size_t>(i)]) + " of example " +
                      std::to_string(i) + " is outside 0.." + std::to_string(numClasses - 1));
    }
  }
  RawSplit s;
  s.x = torch::from_blob(images.data.data(), {n, kSide, kSide}, torch::kUInt8).clone();
  s.labels = torch::from_blob(const_cast<uint8_t*>(labels.data.data()), {n}, torch::kUInt8)
                 .to(torch::kInt64);
  return s;
}

std::shared_ptr<const RawData> fashionRaw(const std::string& dir) {
  // Raw files are shared by every grouping of Fashion-MNIST: decompress them once.
  static OnceCache<RawData> cache;
  return cache.get(dir, [&dir] {
    auto raw = std::make_shared<RawData>();
    raw->train = readFashionSplit(dir, "train");
    raw->test = readFashionSplit(dir, "t10k");
    return std::shared_ptr<const RawData>(raw);
  });
}

/// Dataset class -> task class, or -1 for dropped classes. Validates the groups.
std::vector<int> classMap(const TaskSpec& spec, int datasetClasses) {
  std::vector<int> map(static_cast<size_t>(datasetClasses), -1);
  if (spec.groups.empty()) {
    for (int c = 0; c < datasetClasses; ++c) map[static_cast<size_t>(c)] = c;
    return map;
  }
  if (spec.groups.size() < 2) {
    throw SpecError("task.groups: expected at least 2 class groups, got " +
                    std::to_string(spec.groups.size()));
  }
  for (size_t i = 0; i < spec.groups.size(); ++i) {
    const std::string gi = "task.groups[" + std::to_string(i) + "]";
    if (spec.groups[i].empty()) throw SpecError(gi + ": expected at least one class id");
    for (size_t j = 0; j < spec.groups[i].size(); ++j) {
      const int c = spec.groups[i][j];
      const std::string field = gi + "[" + std::to_string(j) + "]";
      if (c < 0 || c >= datasetClasses) {
        throw SpecError(field + ": class " + std::to_string(c) + " is outside 0.." +
                        std::to_string(datasetClasses - 1) + " (" + spec.dataset + " has " +
                        std::to_string(datasetClasses) + " classes)");
      }
      if (map[static_cast<size_t>(c)] >= 0) {
        throw SpecError(field + ": class " + std::to_string(c) + " is already in task.groups[" +
                        std::to_string(map[static_cast<size_t>(c)]) +
                        "] (a class may belong to one group only)");
      }
      map[static_cast<size_t>(c)] = static_cast<int>(i);
    }
  }
  return map;
}

/// The examples of `raw` whose class is kept, mapped to task classes, `want` of them (0 = all)
/// chosen by a fixed shuffle and returned in file order.
Dataset buildSplit(const RawSplit& raw, const std::vector<int>& map, int64_t want,
                   const std::string& field, uint64_t salt) {
  const int64_t n = raw.labels.size(0);
  const int64_t* label = raw.labels.data_ptr<int64_t>();
  std::vector<int64_t> kept;
  kept.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    if (map[static_cast<size_t>(label[i])] >= 0) kept.push_back(i);
  }
  const auto available = static_cast<int64_t>(kept.size());
  if (want < 0) throw SpecError("task." + field + ": expected a count >= 0 (0 = all)");
  if (want > available) {
    throw SpecError("task." + field + ": " + std::to_string(want) +
                    " examples requested, but only " + std::to_string(available) +
                    " are available for this task");
  }
  if (want > 0 && want < available) {
    const std::vector<int64_t> perm = seededPermutation(available, mixSeed(kSubsetSeed, salt));
    std::vector<int64_t> chosen(static_cast<size_t>(want));
    for (int64_t k = 0; k < want; ++k) chosen[static_cast<size_t>(k)] = kept[perm[k]];
    std::sort(chosen.begin(), chosen.end());
    kept.swap(chosen);
  }
  const auto m = static_cast<int64_t>(kept.size());
  Dataset d;
  d.ids = torch::from_blob(kept.data(), {m}, torch::kInt64).clone();
  d.y = torch::empty({m}, torch::kInt64);
  int64_t* y = d.y.data_ptr<int64_t>();
  for (int64_t k = 0; k < m; ++k) y[k] = map[static_cast<size_t>(label[kept[k]])];
  const torch::Tensor x = raw.x.index_select(0, d.ids);
  if (x.scalar_type() == torch::kUInt8) {
    d.x = x.to(torch::kFloat).div_(255.0f).unsqueeze(1);  // [N, 1, 28, 28] in [0, 1]
  } else {
    d.x = x.to(torch::kFloat).contiguous();
  }
  return d;
}

std::shared_ptr<const TaskData> buildTask(const TaskSpec& spec) {
  if (isTextOrTableDataset(spec.dataset)) return buildTextTask(spec);
  torch::NoGradGuard noGrad;
  auto task = std::make_shared<TaskData>();
  task->spec = spec;
  task->name = spec.label();
  const bool images = spec.dataset == "fashion_mnist";
  std::vector<std::string> datasetClassNames;
  if (images) {
    datasetClassNames = fashionClassNames();
    task->inputShape = {1, kSide, kSide};
  } else if (spec.dataset == "synthetic") {
    for (int c = 0; c < spec.synthetic.classes; ++c) {
      datasetClassNames.push_back("class " + std::to_string(c));
    }
    task->inputShape = {spec.synthetic.dim};
  } else {
    throw SpecError("task.dataset: expected \"fashion_mnist\" or \"synthetic\", got \"" +
                    spec.dataset + "\"");
  }
  // Spec errors first: a bad group should not wait for (or be hidden by) reading the files.
  const std::vector<int> map = classMap(spec, static_cast<int>(datasetClassNames.size()));

  std::shared_ptr<const RawData> raw;
  if (images) {
    raw = fashionRaw(fashionMnistDir());
  } else {
    SyntheticData s = generateSynthetic(spec.synthetic);
    auto r = std::make_shared<RawData>();
    r->train = {s.trainX, s.trainY};
    r->test = {s.testX, s.testY};
    raw = r;
  }
  task->train = buildSplit(raw->train, map, spec.trainSize, "train_size", 1);
  task->test = buildSplit(raw->test, map, spec.testSize, "test_size", 2);
  if (spec.groups.empty()) {
    task->classNames = datasetClassNames;
  } else {
    for (const auto& group : spec.groups) {
      std::string name;
      for (int c : group) name += (name.empty() ? "" : "+") + datasetClassNames[c];
      task->classNames.push_back(name);
    }
  }
  task->numClasses = static_cast<int>(task->classNames.size());
  return task;
}

}  // namespace

std::shared_ptr<const TaskData> loadTask(const TaskSpec& spec) {
  static OnceCache<TaskData> cache;
  std::string key = spec.toJson().dump();
  // The data folder can change between calls (W2S_FASHION_MNIST_DIR): part of what was loaded.
  if (spec.dataset == "fashion_mnist") key += "@" + fashionMnistDir();
  if (isTextOrTableDataset(spec.dataset) && spec.dataset != "csv" && spec.dataset != "jsonl") {
    key += "@" + dataDir();
  }
  return cache.get(key, [&spec] { return buildTask(spec); });
}

}  // namespace w2s
