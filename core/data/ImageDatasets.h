#pragma once
// The image data sets a task can name, each described once: name, classes, image side, where
// its files come from and how to read them. Task parsing, task shapes, loading, the designer's
// dataset list and `w2s datasets` read this registry. docs/extending.md: adding an image data set
// is one source file and one line in ImageDatasets.cpp.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace w2s {

/// Both splits of an image data set, in file order.
struct ImageSplits {
  torch::Tensor trainX;  ///< uint8 [N, side, side], 0..255
  torch::Tensor trainY;  ///< int64 [N], class ids 0..classes-1
  torch::Tensor testX;
  torch::Tensor testY;
};

struct ImageDatasetInfo {
  std::string name;
  std::string summary;  ///< one line for the docs and the designer
  std::vector<std::string> classNames;
  int64_t side = 28;  ///< images are side x side, one grey channel
  /// The folder the files are read from (part of the task cache's key). Not checked.
  std::function<std::string()> location;
  /// Reads both splits from `location()`; throws DataError naming the missing file and the
  /// install step that provides it.
  std::function<ImageSplits(const std::string& folder)> load;
};

/// Every registered image data set, in the order of ImageDatasets.cpp.
const std::vector<ImageDatasetInfo>& imageDatasets();
/// The image data set called `name`, or nullptr.
const ImageDatasetInfo* findImageDataset(const std::string& name);
/// Every name a task's "dataset" can take: the image data sets, "synthetic", then the text and
/// table data sets (core/data/TextTask.h).
std::vector<std::string> datasetNames();

}  // namespace w2s
