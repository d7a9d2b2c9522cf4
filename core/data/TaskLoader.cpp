// loadTask: reads a dataset, groups its classes, takes the configured subset, caches the result.
#include <exception>
#include <functional>
#include <future>
#include <map>
#include <mutex>

#include "core/data/ImageDatasets.h"
#include "core/data/Random.h"
#include "core/data/Synthetic.h"
#include "core/data/TaskData.h"
#include "core/data/TextCorpora.h"
#include "core/data/TextTask.h"
#include "core/text/DataDir.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"
#include "core/util/Paths.h"
#include "core/util/Salts.h"

namespace w2s {

namespace {

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

/// Both splits of an image data set, read once per folder: every grouping and subset of the
/// data set shares them.
std::shared_ptr<const RawData> imageRaw(const ImageDatasetInfo& info) {
  static OnceCache<RawData> cache;
  const std::string folder = info.location();
  return cache.get(info.name + "@" + folder, [&info, &folder] {
    ImageSplits splits = info.load(folder);
    auto raw = std::make_shared<RawData>();
    raw->train = {splits.trainX, splits.trainY};
    raw->test = {splits.testX, splits.testY};
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
    const std::vector<int64_t> perm = seededPermutation(available, mixSeed(salt::kSubset, salt));
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
  const ImageDatasetInfo* images = findImageDataset(spec.dataset);
  std::vector<std::string> datasetClassNames;
  if (images) {
    datasetClassNames = images->classNames;
    task->inputShape = {1, images->side, images->side};
  } else if (spec.dataset == "synthetic") {
    for (int c = 0; c < spec.synthetic.classes; ++c) {
      datasetClassNames.push_back("class " + std::to_string(c));
    }
    task->inputShape = {spec.synthetic.dim};
  } else {
    throw SpecError("task.dataset: unknown data set \"" + spec.dataset + "\"");
  }
  // Spec errors first: a bad group should not wait for (or be hidden by) reading the files.
  const std::vector<int> map = classMap(spec, static_cast<int>(datasetClassNames.size()));

  std::shared_ptr<const RawData> raw;
  if (images) {
    raw = imageRaw(*images);
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
  if (const ImageDatasetInfo* images = findImageDataset(spec.dataset)) {
    key += "@" + images->location();
  }
  if (findTextCorpus(spec.dataset)) {
    key += "@" + dataDir();
  }
  return cache.get(key, [&spec] { return buildTask(spec); });
}

}  // namespace w2s
