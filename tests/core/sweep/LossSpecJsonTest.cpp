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
  EXPECT_FALSE(e.toJson().contains("buffer_predictions"));
  EXPECT_FALSE(e.toJson().contains("radius"));

  // The radius of a loss that ignores it does not change its hash.
  EXPECT_EQ(LossSpec::fromJson(json{{"name", "kl"}, {"radius", 0.3}}, "l").toJson(),
            LossSpec::fromJson(json("kl"), "l").toJson());
}

TEST(LossSpecJsonTest, LogconfBufferCountsPredictionsAndRefusesTheOldBatchCount) {
  const LossSpec l =
      LossSpec::fromJson(json{{"name", "logconf"}, {"buffer_predictions", 2048}}, "l");
  EXPECT_EQ(l.bufferPredictions, 2048);
  EXPECT_EQ(l.toJson().at("buffer_predictions"), 2048);
  EXPECT_FALSE(l.toJson().contains("buffer_size"));
  // Job configs of older stores hold buffer_size 0, which meant the same as now.
  EXPECT_EQ(LossSpec::fromJson(json{{"name", "logconf"}, {"buffer_size", 0}}, "l").toJson(),
            LossSpec::fromJson(json("logconf"), "l").toJson());
  try {
    LossSpec::fromJson(json{{"name", "logconf"}, {"buffer_size", 4}}, "sweep.json: losses[1]");
    FAIL();
  } catch (const SpecError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("losses[1].buffer_size"), std::string::npos) << what;
    EXPECT_NE(what.find("buffer_predictions"), std::string::npos) << what;
  }
}

TEST(LossSpecJsonTest, DropLastIsUnsetUnlessGivenAndRoundTrips) {
  const TrainConfig unset = TrainConfig::fromJson(json::object(), "train");
  EXPECT_FALSE(unset.dropLast.has_value());
  EXPECT_FALSE(unset.toJson().contains("drop_last"));
  const TrainConfig off = TrainConfig::fromJson(json{{"drop_last", false}}, "train");
  ASSERT_TRUE(off.dropLast.has_value());
  EXPECT_EQ(off.toJson().at("drop_last"), false);
  // A per-size override on top of a base keeps the base's value unless it gives its own.
  EXPECT_EQ(TrainConfig::fromJson(json{{"lr", 0.1}}, "train", off).dropLast, false);
  EXPECT_THROW(TrainConfig::fromJson(json{{"drop_last", "yes"}}, "train"), SpecError);
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
