#include <gtest/gtest.h>

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

TEST(TaskShapeTest, UnknownDatasetIsASpecError) {
  TaskSpec t;
  t.dataset = "cifar10";
  EXPECT_THROW(taskShape(t), SpecError);
}

}  // namespace
}  // namespace w2s
