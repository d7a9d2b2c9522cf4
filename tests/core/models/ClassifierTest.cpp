#include <gtest/gtest.h>

#include "core/models/Classifier.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

ModelSpec mlp(int width, int depth) {
  ModelSpec s;
  s.family = "mlp";
  s.width = width;
  s.depth = depth;
  return s;
}

ModelSpec cnn(int channels) {
  ModelSpec s;
  s.family = "cnn";
  s.channels = channels;
  return s;
}

TEST(ClassifierTest, MlpOutputShapeOnImageAndFlatInput) {
  auto image = makeModel(mlp(16, 2), {1, 28, 28}, 10);
  EXPECT_EQ(image->forward(torch::randn({5, 1, 28, 28})).sizes(), (std::vector<int64_t>{5, 10}));
  auto flat = makeModel(mlp(16, 1), {32}, 3);
  EXPECT_EQ(flat->forward(torch::randn({7, 32})).sizes(), (std::vector<int64_t>{7, 3}));
}

TEST(ClassifierTest, MlpParameterCountMatchesFormula) {
  // in*w + w + (depth-1)*(w*w + w) + w*C + C
  const int64_t in = 784, w = 32, c = 10;
  EXPECT_EQ(parameterCount(*makeModel(mlp(32, 1), {1, 28, 28}, 10)), in * w + w + w * c + c);
  EXPECT_EQ(parameterCount(*makeModel(mlp(32, 3), {784}, 10)),
            in * w + w + 2 * (w * w + w) + w * c + c);
  EXPECT_EQ(parameterCount(*makeModel(mlp(32, 0), {784}, 10)), in * c + c);
  EXPECT_EQ(parameterCount(mlp(32, 3), {784}, 10), in * w + w + 2 * (w * w + w) + w * c + c);
}

TEST(ClassifierTest, CnnShapeAndCountAgree) {
  auto model = makeModel(cnn(4), {1, 28, 28}, 10);
  EXPECT_EQ(model->forward(torch::randn({3, 1, 28, 28})).sizes(), (std::vector<int64_t>{3, 10}));
  // conv1 1*4*9+4, conv2 4*8*9+8, head (8*7*7)*10+10
  EXPECT_EQ(parameterCount(*model), 40 + 296 + 3930);
  EXPECT_EQ(parameterCount(cnn(4), {1, 28, 28}, 10), parameterCount(*model));
  // Odd sizes floor like max-pool does.
  auto odd = makeModel(cnn(3), {1, 9, 13}, 2);
  EXPECT_EQ(odd->forward(torch::randn({2, 1, 9, 13})).sizes(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(parameterCount(*odd), parameterCount(cnn(3), {1, 9, 13}, 2));
}

TEST(ClassifierTest, CnnRejectsFlatInput) {
  EXPECT_THROW(makeModel(cnn(4), {784}, 10), SpecError);
  EXPECT_THROW(makeModel(cnn(4), {3, 28, 28}, 10), SpecError);
  EXPECT_THROW(parameterCount(cnn(4), {784}, 10), SpecError);
}

TEST(ClassifierTest, UnknownFamilyIsNamed) {
  ModelSpec s;
  s.family = "transformer";
  try {
    makeModel(s, {784}, 10);
    FAIL() << "expected SpecError";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("transformer"), std::string::npos);
  }
}

TEST(ClassifierTest, BowIsAHeadOnItsBucketsAndNeedsText) {
  ModelSpec s;
  s.name = "bow";
  s.family = "bow";
  s.buckets = 1000;
  s.depth = 0;
  // A linear head: buckets x classes weights and a bias per class.
  EXPECT_EQ(parameterCount(s, {48}, 2, 500), 1000 * 2 + 2);
  EXPECT_EQ(parameterCount(*makeModel(s, {48}, 2, 500)), 1000 * 2 + 2);
  try {
    makeModel(s, {784}, 10);  // not a text task
    FAIL() << "expected SpecError";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("model 'bow': family 'bow' counts the words"),
              std::string::npos)
        << e.what();
  }
}

TEST(ClassifierTest, BowFieldsAreParsedAndCheckedInTheLadder) {
  const ModelSpec m = ModelSpec::fromJson(
      {{"name", "b"}, {"family", "bow"}, {"buckets", 4096}, {"char_ngrams", 5}}, "ladder[1]");
  EXPECT_EQ(m.buckets, 4096);
  EXPECT_EQ(m.ngrams, 2);
  EXPECT_EQ(m.charNgrams, 5);
  EXPECT_EQ(m.depth, 0);  // a linear head unless a depth is asked for
  EXPECT_EQ(m.toJson().at("buckets"), 4096);
  nlohmann::json again = m.toJson();
  again["name"] = "c";
  EXPECT_EQ(ModelSpec::fromJson(again, "x").toJson(), m.toJson());
  auto error = [](const nlohmann::json& j) {
    try {
      ModelSpec::fromJson(j, "ladder[2]");
    } catch (const SpecError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error({{"name", "g"}, {"family", "glove"}, {"buckets", 10}}),
            "ladder[2].buckets: only for family 'bow' (this member is glove)");
  EXPECT_EQ(error({{"name", "b"}, {"family", "bow"}, {"ngrams", 0}}),
            "ladder[2].ngrams: a bow member counts nothing with ngrams 0 and char_ngrams < 3; "
            "expected ngrams >= 1 or char_ngrams >= 3");
  EXPECT_NE(error({{"name", "b"}, {"family", "bow"}, {"pretrained", true}})
                .find("ladder[2].pretrained: only transformer and cnn"),
            std::string::npos);
}

TEST(ClassifierTest, ParameterCountBySpecDoesNotDrawFromGlobalRng) {
  torch::manual_seed(3);
  const auto expected = torch::rand({4});
  torch::manual_seed(3);
  parameterCount(mlp(64, 2), {784}, 10);
  EXPECT_TRUE(torch::equal(torch::rand({4}), expected));
}

TEST(ClassifierTest, SameSeedSameInit) {
  torch::manual_seed(11);
  auto a = makeModel(mlp(8, 1), {20}, 2);
  torch::manual_seed(11);
  auto b = makeModel(mlp(8, 1), {20}, 2);
  const auto x = torch::randn({4, 20});
  EXPECT_TRUE(torch::equal(a->forward(x), b->forward(x)));
}

}  // namespace
}  // namespace w2s
