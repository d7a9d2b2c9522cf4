// JSON of the losses beyond the paper (kl, entropy, window).
#include <gtest/gtest.h>

#include "core/train/TrainConfig.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

using nlohmann::json;

TEST(LossSpecJsonTest, NewLossesRoundTripWithTheirOwnFieldsOnly) {
  const LossSpec w = LossSpec::fromJson(json{{"name", "window"}, {"radius", 0.1}}, "l");
  EXPECT_EQ(w.radius, 0.1);
  EXPECT_EQ(w.toJson().at("radius"), 0.1);
  EXPECT_FALSE(w.toJson().contains("aux_coef"));
  EXPECT_EQ(LossSpec::fromJson(w.toJson(), "l").toJson(), w.toJson());

  const LossSpec e = LossSpec::fromJson(json{{"name", "entropy"}, {"aux_coef", 0.3}}, "l");
  EXPECT_EQ(e.toJson().at("aux_coef"), 0.3);
  EXPECT_FALSE(e.toJson().contains("buffer_size"));
  EXPECT_FALSE(e.toJson().contains("radius"));

  // The radius of a loss that ignores it does not change its hash.
  EXPECT_EQ(LossSpec::fromJson(json{{"name", "kl"}, {"radius", 0.3}}, "l").toJson(),
            LossSpec::fromJson(json("kl"), "l").toJson());
}

TEST(LossSpecJsonTest, BadWindowSettingsNameTheField) {
  try {
    LossSpec::fromJson(json{{"name", "window"}, {"radius", 0.7}}, "sweep.json: losses[0]");
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("losses[0].radius"), std::string::npos) << e.what();
  }
  EXPECT_THROW(LossSpec::fromJson(json{{"name", "window"}, {"hard_labels", true}}, "l"),
               SpecError);
  EXPECT_THROW(LossSpec::fromJson(json{{"name", "window"}, {"radius", 0}}, "l"), SpecError);
}

}  // namespace
}  // namespace w2s
