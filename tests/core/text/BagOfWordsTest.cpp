// Hashed n-gram TF-IDF features: words, buckets, weights and the row norm.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/text/BagOfWords.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

TEST(BagOfWordsTest, WordsAreRunsOfLettersDigitsAndNonAsciiBytes) {
  EXPECT_EQ(textWords("Hello, world! It's 2024: café."),
            (std::vector<std::string>{"Hello", "world", "It", "s", "2024", "café"}));
  EXPECT_TRUE(textWords(" ,.!? ").empty());
}

TEST(BagOfWordsTest, CountsLowercasedWordNgramsAndCharacterNgrams) {
  BowOptions o;
  o.buckets = 1 << 20;
  o.wordNgrams = 2;
  // "Good good movie": unigrams good, good, movie; bigrams "good good", "good movie".
  const auto b = bowBuckets("Good good movie", o);
  ASSERT_EQ(b.size(), 5u);
  EXPECT_EQ(b[0], b[1]);  // case folded
  EXPECT_NE(b[0], b[2]);
  EXPECT_NE(b[3], b[4]);
  o.wordNgrams = 1;
  o.charNgrams = 4;
  // " ab " has 2 trigrams and 1 four-gram beside the word itself.
  EXPECT_EQ(bowBuckets("ab", o).size(), 1u + 2u + 1u);
  o.buckets = 0;
  EXPECT_THROW(bowBuckets("ab", o), SpecError);
}

TEST(BagOfWordsTest, TfIdfRowsHaveUnitNormAndRareWordsWeighMore) {
  BowOptions o;
  o.buckets = 1 << 16;
  o.wordNgrams = 1;
  const std::vector<std::string> train = {"the cat", "the dog", "the bird", "a cat"};
  const BagOfWords bow = BagOfWords::fit(train, o);
  const torch::Tensor x = bow.transform({"the cat", "", "dog dog dog"});
  ASSERT_EQ(x.sizes(), (std::vector<int64_t>{3, 1 << 16}));
  EXPECT_NEAR(x[0].norm().item<double>(), 1.0, 1e-5);
  EXPECT_EQ(x[1].abs().sum().item<double>(), 0.0);  // no words: the zero row
  EXPECT_NEAR(x[2].norm().item<double>(), 1.0, 1e-5);
  EXPECT_EQ(x[2].gt(0).sum().item<int64_t>(), 1);
  const auto the = bowBuckets("the", o)[0], cat = bowBuckets("cat", o)[0];
  // "the" is in three training texts of four, "cat" in two: cat weighs more.
  EXPECT_GT(x[0][cat].item<float>(), x[0][the].item<float>());
  EXPECT_NEAR(bow.idf()[static_cast<size_t>(the)], std::log(5.0 / 4.0) + 1, 1e-6);
  EXPECT_NEAR(bow.idf()[static_cast<size_t>(cat)], std::log(5.0 / 3.0) + 1, 1e-6);
  // Words never seen in training get the largest weight, ln(5) + 1.
  const auto unseen = bowBuckets("zebra", o)[0];
  EXPECT_NEAR(bow.idf()[static_cast<size_t>(unseen)], std::log(5.0) + 1, 1e-6);
  // The same texts give the same features.
  EXPECT_TRUE(torch::equal(x, BagOfWords::fit(train, o).transform({"the cat", "", "dog dog dog"})));
}

}  // namespace
}  // namespace w2s
