// JSON of the losses: their own options only, ranges, and definitions that changed.
#include <gtest/gtest.h>

#include "core/train/LossRegistry.h"
#include "core/train/TrainConfig.h"
#include "core/util/Error.h"
#include "tests/core/DocsSection.h"

namespace w2s {
namespace {

using nlohmann::json;

TEST(LossSpecJsonTest, NewLossesRoundTripWithTheirOwnFieldsOnly) {
  const LossSpec w = LossSpec::fromJson(json{{"name", "window"}, {"radius", 0.1}}, "l");
  EXPECT_EQ(w.option("radius"), 0.1);
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
  EXPECT_EQ(l.option("buffer_predictions"), 2048);
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
  EXPECT_THROW(LossSpec::fromJson(json{{"name", "window"}, {"radius", 0}}, "l"), SpecError);
  // The label-confidence window keeps no hardened label; the student's window can use them.
  EXPECT_THROW(LossSpec::fromJson(json{{"name", "window_labels"}, {"hard_labels", true}}, "l"),
               SpecError);
  EXPECT_TRUE(LossSpec::fromJson(json{{"name", "window"}, {"hard_labels", true}}, "l").hardLabels);
}

TEST(LossSpecJsonTest, EveryRegisteredLossWritesExactlyItsOptionsAndRoundTrips) {
  for (const auto& info : lossRegistry()) {
    const LossSpec l = LossSpec::named(info.name);
    const json j = l.toJson();
    size_t expected = 2 + info.options.size() + (info.revision > 0 ? 1 : 0);
    EXPECT_EQ(j.size(), expected) << j.dump();
    for (const auto& o : info.options) {
      ASSERT_TRUE(j.contains(o.key)) << info.name << " " << o.key;
      EXPECT_EQ(j.at(o.key).is_number_integer(), o.integer) << info.name << " " << o.key;
      EXPECT_EQ(l.option(o.key), o.defaultValue);
    }
    EXPECT_EQ(LossSpec::fromJson(j, "l").toJson(), j) << info.name;
    EXPECT_EQ(LossSpec::fromJson(json(info.name), "l").toJson(), j) << info.name;
    EXPECT_NE(lossTableMarkdown().find("| `" + info.name + "` |"), std::string::npos);
  }
  EXPECT_THROW(LossSpec::named("hinge"), SpecError);
  EXPECT_THROW(LossSpec::named("xent").option("radius"), std::logic_error);
}

TEST(LossSpecJsonTest, TheRedefinedWindowHashesApartFromItsOldDefinition) {
  // Job configs that stores hold for "window" before its redefinition had no revision: the
  // student's window writes one, so no stored result of the label window is reused for it.
  const json old = {{"name", "window"}, {"hard_labels", false}, {"radius", 0.2}};
  const json now = LossSpec::fromJson(json{{"name", "window"}, {"radius", 0.2}}, "l").toJson();
  EXPECT_NE(now, old);
  EXPECT_EQ(now.at("revision"), 1);
  EXPECT_EQ(LossSpec::named("window").option("radius"), 0.15);
  EXPECT_EQ(LossSpec::named("window_labels").option("radius"), 0.2);
  try {
    LossSpec::fromJson(json{{"name", "window"}, {"revision", 0}}, "job abc: loss");
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("job abc: loss.revision"), std::string::npos) << e.what();
  }
}

TEST(LossSpecJsonTest, TheSweepFormatDocsListTheRegisteredLosses) {
  // docs/sweep-format.md holds lossTableMarkdown() between two markers: the docs cannot drift
  // from the registry (`w2s losses --markdown` prints the text to paste).
  const auto section = test::docsSection("sweep-format.md", "losses", "w2s losses --markdown");
  ASSERT_TRUE(section) << "docs/sweep-format.md and its losses markers";
  EXPECT_EQ(*section, lossTableMarkdown());
}

}  // namespace
}  // namespace w2s
