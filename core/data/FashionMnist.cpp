// Fashion-MNIST (Debian dataset-fashion-mnist): gzipped IDX files, 60,000 training and 10,000
// test images of 28x28 in 10 classes.
#include "core/data/Idx.h"
#include "core/data/ImageDatasets.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"

namespace w2s {

namespace {

constexpr uint32_t kImagesMagic = 0x00000803;
constexpr uint32_t kLabelsMagic = 0x00000801;
constexpr int64_t kSide = 28;
const std::vector<std::string> kClassNames = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                              "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                              "Bag",         "Ankle boot"};

void readFashionSplit(const std::string& dir, const std::string& prefix, torch::Tensor& x,
                      torch::Tensor& y) {
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
  const int numClasses = static_cast<int>(kClassNames.size());
  for (int64_t i = 0; i < n; ++i) {
    if (labels.data[static_cast<size_t>(i)] >= numClasses) {
      throw DataError(labelsPath + ": label " +
                      std::to_string(labels.data[static_cast<size_t>(i)]) + " of example " +
                      std::to_string(i) + " is outside 0.." + std::to_string(numClasses - 1));
    }
  }
  x = torch::from_blob(images.data.data(), {n, kSide, kSide}, torch::kUInt8).clone();
  y = torch::from_blob(const_cast<uint8_t*>(labels.data.data()), {n}, torch::kUInt8)
          .to(torch::kInt64);
}

}  // namespace

ImageDatasetInfo fashionMnistInfo() {
  ImageDatasetInfo d;
  d.name = "fashion_mnist";
  d.summary = "Fashion-MNIST: 60,000 + 10,000 grey 28x28 images of clothing, 10 classes.";
  d.classNames = kClassNames;
  d.side = kSide;
  d.location = [] { return fashionMnistDir(); };
  d.load = [](const std::string& dir) {
    ImageSplits s;
    readFashionSplit(dir, "train", s.trainX, s.trainY);
    readFashionSplit(dir, "t10k", s.testX, s.testY);
    return s;
  };
  return d;
}

}  // namespace w2s
