#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "core/data/ImageDatasets.h"
#include "core/data/TextCorpora.h"
#include "core/data/TextTask.h"
#include "core/sweep/TaskShape.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

TEST(TaskShapeTest, FashionMnistClassesFollowGroups) {
  TaskSpec t;
  t.dataset = "fashion_mnist";
  TaskShape s = taskShape(t);
  EXPECT_EQ(s.inputShape, (std::vector<int64_t>{1, 28, 28}));
  EXPECT_EQ(s.numClasses, 10);
  t.groups = {{0, 2, 4, 6}, {5, 7, 9}, {8}};
  EXPECT_EQ(taskShape(t).numClasses, 3);
}

TEST(TaskShapeTest, SyntheticUsesItsKnobs) {
  TaskSpec t;
  t.dataset = "synthetic";
  t.synthetic.dim = 12;
  t.synthetic.classes = 4;
  const TaskShape s = taskShape(t);
  EXPECT_EQ(s.inputShape, (std::vector<int64_t>{12}));
  EXPECT_EQ(s.numClasses, 4);
}

TEST(TaskShapeTest, EveryRegisteredCorpusHasAShapeWithoutReadingData) {
  // The data folder points nowhere: planning a text task must not need its files.
  const char* old = std::getenv("W2S_DATA_DIR");
  const std::string saved = old ? old : "";
  setenv("W2S_DATA_DIR", "/nonexistent/w2s-data", 1);
  for (const TextCorpusInfo& c : textCorpusRegistry()) {
    TaskSpec t;
    t.dataset = c.name;
    t.maxLen = 48;
    t.vocabSize = 300;
    const TaskShape s = taskShape(t);
    EXPECT_EQ(s.inputShape, (std::vector<int64_t>{48})) << c.name;
    EXPECT_TRUE(s.tokens) << c.name;
    EXPECT_EQ(s.vocabSize, 300) << c.name;
    EXPECT_EQ(s.numClasses, static_cast<int>(c.classNames.size())) << c.name;
    EXPECT_TRUE(t.isText()) << c.name;
    // The sweep parser and the designer know it.
    const auto names = datasetNames();
    EXPECT_NE(std::find(names.begin(), names.end(), c.name), names.end()) << c.name;
    EXPECT_TRUE(isTextOrTableDataset(c.name)) << c.name;
  }
  if (old) {
    setenv("W2S_DATA_DIR", saved.c_str(), 1);
  } else {
    unsetenv("W2S_DATA_DIR");
  }
}

TEST(TaskShapeTest, UnknownDatasetIsASpecError) {
  TaskSpec t;
  t.dataset = "cifar10";
  EXPECT_THROW(taskShape(t), SpecError);
}

}  // namespace
}  // namespace w2s
