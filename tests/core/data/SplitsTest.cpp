#include <gtest/gtest.h>

#include <set>

#include "core/data/Splits.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

std::vector<int64_t> toVector(const torch::Tensor& t) {
  const torch::Tensor c = t.contiguous();
  return {c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel()};
}

TEST(SplitsTest, HalvesAreDisjointAndCoverEvenN) {
  const HalfSplit s = splitHalves(1000, 7);
  EXPECT_EQ(s.a.scalar_type(), torch::kInt64);
  ASSERT_EQ(s.a.numel(), 500);
  ASSERT_EQ(s.b.numel(), 500);
  std::set<int64_t> all;
  for (int64_t i : toVector(s.a)) all.insert(i);
  for (int64_t i : toVector(s.b)) EXPECT_TRUE(all.insert(i).second) << i << " is in both halves";
  EXPECT_EQ(all.size(), 1000u);
  EXPECT_EQ(*all.begin(), 0);
  EXPECT_EQ(*all.rbegin(), 999);
}

TEST(SplitsTest, OddNLeavesOneOut) {
  const HalfSplit s = splitHalves(11, 3);
  EXPECT_EQ(s.a.numel(), 5);
  EXPECT_EQ(s.b.numel(), 5);
  std::set<int64_t> all;
  for (int64_t i : toVector(torch::cat({s.a, s.b}))) {
    EXPECT_GE(i, 0);
    EXPECT_LT(i, 11);
    all.insert(i);
  }
  EXPECT_EQ(all.size(), 10u);
}

TEST(SplitsTest, DeterministicPerSeedAndSeedChangesIt) {
  const HalfSplit s1 = splitHalves(200, 42);
  const HalfSplit s2 = splitHalves(200, 42);
  EXPECT_TRUE(torch::equal(s1.a, s2.a));
  EXPECT_TRUE(torch::equal(s1.b, s2.b));
  const HalfSplit s3 = splitHalves(200, 43);
  EXPECT_FALSE(torch::equal(s1.a, s3.a));
}

TEST(SplitsTest, HalvesAreMixedNotContiguous) {
  // A shuffle, not a cut: half A holds examples from both ends of the range.
  const std::vector<int64_t> a = toVector(splitHalves(1000, 1).a);
  int64_t low = 0;
  for (int64_t i : a) low += i < 500;
  EXPECT_GT(low, 200);
  EXPECT_LT(low, 300);
}

TEST(SplitsTest, TooFewExamplesIsAnError) { EXPECT_THROW(splitHalves(1, 0), SpecError); }

}  // namespace
}  // namespace w2s
