#include "core/data/ImageDatasets.h"

#include "core/data/TextTask.h"

namespace w2s {

// Each built-in image data set describes itself in its own file.
ImageDatasetInfo fashionMnistInfo();
ImageDatasetInfo mnistInfo();

const std::vector<ImageDatasetInfo>& imageDatasets() {
  static const std::vector<ImageDatasetInfo> sets = {fashionMnistInfo(), mnistInfo()};
  return sets;
}

const ImageDatasetInfo* findImageDataset(const std::string& name) {
  for (const auto& d : imageDatasets()) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

std::vector<std::string> datasetNames() {
  std::vector<std::string> names;
  for (const auto& d : imageDatasets()) names.push_back(d.name);
  names.push_back("synthetic");
  for (const auto& t : textAndTableDatasets()) names.push_back(t);
  return names;
}

}  // namespace w2s
