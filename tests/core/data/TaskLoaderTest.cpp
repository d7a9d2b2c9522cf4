#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "core/data/Idx.h"
#include "core/data/TaskData.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"

namespace fs = std::filesystem;

namespace w2s {
namespace {

bool fashionInstalled() { return fs::exists(fashionMnistDir() + "/train-images-idx3-ubyte.gz"); }

#define REQUIRE_FASHION() \
  if (!fashionInstalled()) GTEST_SKIP() << "Fashion-MNIST not installed in " << fashionMnistDir()

TaskSpec fashion(std::vector<std::vector<int>> groups = {}, int64_t train = 0, int64_t test = 0) {
  TaskSpec t;
  t.dataset = "fashion_mnist";
  t.groups = std::move(groups);
  t.trainSize = train;
  t.testSize = test;
  return t;
}

std::string specErrorOf(const TaskSpec& spec) {
  try {
    loadTask(spec);
  } catch (const SpecError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a SpecError";
  return "";
}

TEST(TaskLoaderTest, FullFashionMnist) {
  REQUIRE_FASHION();
  const auto task = loadTask(fashion());
  EXPECT_EQ(task->numClasses, 10);
  EXPECT_EQ(task->classNames.front(), "T-shirt/top");
  EXPECT_EQ(task->classNames.back(), "Ankle boot");
  EXPECT_EQ(task->inputShape, (std::vector<int64_t>{1, 28, 28}));
  EXPECT_EQ(task->train.x.sizes(), (std::vector<int64_t>{60000, 1, 28, 28}));
  EXPECT_EQ(task->test.size(), 10000);
  EXPECT_EQ(task->train.x.scalar_type(), torch::kFloat);
  EXPECT_GE(task->train.x.min().item<float>(), 0.0f);
  EXPECT_LE(task->train.x.max().item<float>(), 1.0f);
  EXPECT_GT(task->train.x.max().item<float>(), 0.99f);
  EXPECT_TRUE(torch::equal(task->test.ids, torch::arange(10000)));
  // Loading again returns the cached task.
  EXPECT_EQ(loadTask(fashion()).get(), task.get());
}

TEST(TaskLoaderTest, GroupsMergeClassesAndDropTheRest) {
  REQUIRE_FASHION();
  const std::vector<std::vector<int>> groups = {{0, 2, 4, 6}, {5, 7, 9}};
  const auto task = loadTask(fashion(groups));
  EXPECT_EQ(task->numClasses, 2);
  EXPECT_EQ(task->classNames[0], "T-shirt/top+Pullover+Coat+Shirt");
  EXPECT_EQ(task->classNames[1], "Sandal+Sneaker+Ankle boot");
  ASSERT_EQ(task->train.size(), 7 * 6000);
  ASSERT_EQ(task->test.size(), 7 * 1000);
  EXPECT_EQ(task->train.y.eq(0).sum().item<int64_t>(), 4 * 6000);
  EXPECT_EQ(task->test.y.eq(1).sum().item<int64_t>(), 3 * 1000);
  // Each example's original label (looked up by id) lies in its task class's group.
  const IdxArray labels = readIdx(fashionMnistDir() + "/t10k-labels-idx1-ubyte.gz");
  for (int64_t k = 0; k < task->test.size(); ++k) {
    const int original = labels.data[static_cast<size_t>(task->test.ids[k].item<int64_t>())];
    const auto& group = groups[static_cast<size_t>(task->test.y[k].item<int64_t>())];
    ASSERT_NE(std::find(group.begin(), group.end(), original), group.end()) << "example " << k;
  }
}

TEST(TaskLoaderTest, BadGroupsNameTheField) {
  // Groups are validated before any data is read.
  std::string msg = specErrorOf(fashion({{0, 2}, {5, 7, 10}}));
  EXPECT_NE(msg.find("task.groups[1][2]"), std::string::npos) << msg;
  msg = specErrorOf(fashion({{0, 2}, {2, 7}}));
  EXPECT_NE(msg.find("task.groups[1][0]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("task.groups[0]"), std::string::npos) << msg;
  msg = specErrorOf(fashion({{0, 1, 2}}));
  EXPECT_NE(msg.find("task.groups"), std::string::npos) << msg;
  msg = specErrorOf(fashion({{0}, {}}));
  EXPECT_NE(msg.find("task.groups[1]"), std::string::npos) << msg;
}

TEST(TaskLoaderTest, SubsetsAreFixedBalancedAndNested) {
  REQUIRE_FASHION();
  const auto small = loadTask(fashion({}, 1000, 500));
  const auto larger = loadTask(fashion({}, 2000, 500));
  ASSERT_EQ(small->train.size(), 1000);
  ASSERT_EQ(small->test.size(), 500);
  EXPECT_TRUE(torch::equal(small->test.ids, larger->test.ids));
  // Every example of the smaller subset is in the larger one: one fixed shuffle, two prefixes.
  EXPECT_TRUE(torch::isin(small->train.ids, larger->train.ids).all().item<bool>());
  // A shuffle, not the first rows of the file; ids stay sorted (file order).
  EXPECT_GT(small->train.ids.max().item<int64_t>(), 50000);
  EXPECT_TRUE(torch::equal(std::get<0>(small->train.ids.sort()), small->train.ids));
  const torch::Tensor counts = torch::bincount(small->train.y, {}, 10);
  EXPECT_GT(counts.min().item<int64_t>(), 60);
  EXPECT_LT(counts.max().item<int64_t>(), 140);
  // The pixels are those of the full task at the same ids.
  const auto full = loadTask(fashion());
  EXPECT_TRUE(torch::equal(small->train.x, full->train.x.index_select(0, small->train.ids)));
}

TEST(TaskLoaderTest, TooLargeSubsetNamesFieldAndAvailableCount) {
  REQUIRE_FASHION();
  std::string msg = specErrorOf(fashion({{0}, {1}}, 12001));
  EXPECT_NE(msg.find("task.train_size"), std::string::npos) << msg;
  EXPECT_NE(msg.find("12000"), std::string::npos) << msg;
  msg = specErrorOf(fashion({}, 0, 10001));
  EXPECT_NE(msg.find("task.test_size"), std::string::npos) << msg;
}

TEST(TaskLoaderTest, MissingFilesAreADataErrorNamingThePath) {
  const std::string dir = (fs::temp_directory_path() / "w2s-no-fashion-here").string();
  const char* old = std::getenv("W2S_FASHION_MNIST_DIR");
  const std::string saved = old ? old : "";
  setenv("W2S_FASHION_MNIST_DIR", dir.c_str(), 1);
  try {
    loadTask(fashion({{0}, {1}}));
    ADD_FAILURE() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(dir), std::string::npos) << e.what();
  }
  if (old) {
    setenv("W2S_FASHION_MNIST_DIR", saved.c_str(), 1);
  } else {
    unsetenv("W2S_FASHION_MNIST_DIR");
  }
}

TaskSpec synthetic(int64_t nTrain) {
  TaskSpec t;
  t.dataset = "synthetic";
  t.synthetic.dim = 8;
  t.synthetic.classes = 3;
  t.synthetic.nTrain = nTrain;
  t.synthetic.nTest = 100;
  return t;
}

TEST(TaskLoaderTest, SyntheticTask) {
  const auto task = loadTask(synthetic(300));
  EXPECT_EQ(task->numClasses, 3);
  EXPECT_EQ(task->inputShape, (std::vector<int64_t>{8}));
  EXPECT_EQ(task->train.x.sizes(), (std::vector<int64_t>{300, 8}));
  EXPECT_TRUE(torch::equal(task->train.ids, torch::arange(300)));
  EXPECT_TRUE(torch::equal(task->test.ids, torch::arange(100)));
  EXPECT_EQ(task->classNames[2], "class 2");
  TaskSpec sub = synthetic(300);
  sub.trainSize = 301;
  EXPECT_NE(specErrorOf(sub).find("300"), std::string::npos);
}

TEST(TaskLoaderTest, ConcurrentLoadsShareOneTask) {
  const TaskSpec spec = synthetic(5000);
  std::vector<std::shared_ptr<const TaskData>> got(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&got, &spec, i] { got[i] = loadTask(spec); });
  }
  for (auto& t : threads) t.join();
  for (const auto& g : got) EXPECT_EQ(g.get(), got[0].get());
}

}  // namespace
}  // namespace w2s
