#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/models/Cnn.h"
#include "core/sweep/Plan.h"
#include "core/sweep/SweepSpec.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

using json = nlohmann::json;

json fullSweep() {
  return json::parse(R"({
    "name": "full",
    "description": "every field set",
    "task": {"dataset": "fashion_mnist", "groups": [[0, 2, 4, 6], [5, 7, 9]],
             "train_size": 12000, "test_size": 5000},
    "ladder": [{"name": "w8", "family": "mlp", "width": 8, "depth": 1},
               {"name": "w64", "family": "mlp", "width": 64, "depth": 2},
               {"name": "c4", "family": "cnn", "channels": 4}],
    "weak_sizes": ["w8", "w64"],
    "strong_sizes": ["w64", "c4"],
    "pairs": "weak<strong",
    "views": [{"name": "clean", "type": "none"}, {"name": "noisy", "type": "noise", "sigma": 0.8}],
    "losses": ["xent", {"name": "logconf", "aux_coef": 0.75, "warmup_frac": 0.1}],
    "seeds": [3, 1],
    "train": {"lr": 0.002, "epochs": 3, "batch_size": 32, "weight_decay": 0.01,
              "schedule": "constant", "eval_every": 25},
    "per_size": {"c4": {"lr": 0.0005, "epochs": 1}},
    "device": "cpu"
  })");
}

/// Expects fromJson to throw a SpecError whose message contains every one of `parts`.
// Parses and plans: whether the ladder and the views fit the task is checked when planning.
void expectSpecError(const json& j, std::initializer_list<const char*> parts) {
  try {
    planSweep(SweepSpec::fromJson(j, "test.json"));
    FAIL() << "expected a SpecError for " << j.dump();
  } catch (const SpecError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind("test.json: ", 0), 0u) << msg;
    for (const char* p : parts) EXPECT_NE(msg.find(p), std::string::npos) << msg << " / " << p;
  }
}

/// A temp file that is removed when the test ends.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& text) {
    path = (std::filesystem::temp_directory_path() /
            ("w2s_sweepspec_" + std::to_string(reinterpret_cast<uintptr_t>(this)) + ".json"))
               .string();
    std::ofstream(path) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

TEST(SweepSpecTest, FullFileParsesEveryField) {
  const SweepSpec s = SweepSpec::fromJson(fullSweep(), "test.json");
  EXPECT_EQ(s.name, "full");
  EXPECT_EQ(s.task.dataset, "fashion_mnist");
  ASSERT_EQ(s.task.groups.size(), 2u);
  EXPECT_EQ(s.task.groups[1], (std::vector<int>{5, 7, 9}));
  EXPECT_EQ(s.task.trainSize, 12000);
  EXPECT_EQ(s.task.testSize, 5000);
  ASSERT_EQ(s.ladder.size(), 3u);
  EXPECT_EQ(s.ladder[1].name, "w64");
  EXPECT_EQ(s.ladder[1].width, 64);
  EXPECT_EQ(s.ladder[1].depth, 2);
  EXPECT_EQ(s.ladder[2].family, "cnn");
  EXPECT_EQ(s.ladder[2].channels, 4);
  EXPECT_EQ(s.weakSizes, (std::vector<std::string>{"w8", "w64"}));
  EXPECT_EQ(s.strongSizes, (std::vector<std::string>{"w64", "c4"}));
  EXPECT_EQ(s.pairs, "weak<strong");
  ASSERT_EQ(s.views.size(), 2u);
  EXPECT_EQ(s.views[1].name, "noisy");
  EXPECT_EQ(s.views[1].type, "noise");
  EXPECT_DOUBLE_EQ(s.views[1].sigma, 0.8);
  ASSERT_EQ(s.losses.size(), 2u);
  EXPECT_EQ(s.losses[0].name, "xent");
  EXPECT_EQ(s.losses[1].name, "logconf");
  EXPECT_DOUBLE_EQ(s.losses[1].option("aux_coef"), 0.75);
  EXPECT_DOUBLE_EQ(s.losses[1].option("warmup_frac"), 0.1);
  EXPECT_EQ(s.seeds, (std::vector<uint64_t>{3, 1}));
  EXPECT_DOUBLE_EQ(s.train.lr, 0.002);
  EXPECT_EQ(s.train.epochs, 3);
  EXPECT_EQ(s.train.batchSize, 32);
  EXPECT_DOUBLE_EQ(s.train.weightDecay, 0.01);
  EXPECT_EQ(s.train.schedule, "constant");
  EXPECT_EQ(s.train.evalEvery, 25);
  EXPECT_EQ(s.device, "cpu");
  EXPECT_EQ(s.raw, fullSweep());

  // per_size overrides only what it names, on top of the sweep's train block.
  const TrainConfig c4 = s.trainFor("c4");
  EXPECT_DOUBLE_EQ(c4.lr, 0.0005);
  EXPECT_EQ(c4.epochs, 1);
  EXPECT_EQ(c4.batchSize, 32);
  EXPECT_EQ(c4.schedule, "constant");
  EXPECT_DOUBLE_EQ(s.trainFor("w8").lr, 0.002);
  EXPECT_EQ(s.model("c4").channels, 4);
  EXPECT_THROW(s.model("w9"), SpecError);
}

TEST(SweepSpecTest, DefaultsFillOptionalFields) {
  const json j = {{"task", {{"dataset", "synthetic"}, {"dim", 8}}},
                  {"ladder", {{{"name", "a"}, {"width", 4}}, {{"name", "b"}, {"width", 16}}}}};
  const SweepSpec s = SweepSpec::fromJson(j, "dir/minimal.json");
  EXPECT_EQ(s.name, "minimal");  // from the source's file name
  EXPECT_EQ(s.weakSizes, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.strongSizes, s.weakSizes);
  EXPECT_EQ(s.pairs, "weak<=strong");
  ASSERT_EQ(s.views.size(), 1u);
  EXPECT_TRUE(s.views[0].isIdentity());
  ASSERT_EQ(s.losses.size(), 1u);
  EXPECT_EQ(s.losses[0].name, "xent");
  EXPECT_EQ(s.seeds, (std::vector<uint64_t>{0}));
  EXPECT_EQ(s.device, "auto");
  EXPECT_EQ(s.task.synthetic.dim, 8);
}

TEST(SweepSpecTest, MissingTask) {
  json j = fullSweep();
  j.erase("task");
  expectSpecError(j, {"task", "missing"});
}

TEST(SweepSpecTest, UnknownKeySuggestsTheKnownOne) {
  json j = fullSweep();
  j.erase("seeds");
  j["seed"] = {0, 1};
  expectSpecError(j, {"seed:", "unknown key", "did you mean \"seeds\"", "strong_sizes"});
}

TEST(SweepSpecTest, SizeListNamesUnknownSize) {
  json j = fullSweep();
  j["weak_sizes"] = {"w8", "w6"};
  expectSpecError(j, {"weak_sizes[1]", "\"w6\"", "w64"});
  j = fullSweep();
  j["per_size"] = {{"c5", {{"lr", 0.1}}}};
  expectSpecError(j, {"per_size.c5", "did you mean \"c4\""});
}

TEST(SweepSpecTest, NegativeLearningRate) {
  json j = fullSweep();
  j["train"]["lr"] = -0.001;
  expectSpecError(j, {"train.lr", "> 0"});
  j = fullSweep();
  j["per_size"]["c4"]["lr"] = 0;
  expectSpecError(j, {"per_size.c4", "lr"});
}

TEST(SweepSpecTest, WrongTypeForEpochs) {
  json j = fullSweep();
  j["train"]["epochs"] = "2";
  expectSpecError(j, {"train.epochs", "integer", "\"2\""});
}

TEST(SweepSpecTest, DuplicateNames) {
  json j = fullSweep();
  j["ladder"].push_back({{"name", "w8"}, {"width", 9}});
  expectSpecError(j, {"ladder[3].name", "\"w8\"", "ladder[0]"});
  j = fullSweep();
  j["views"].push_back({{"name", "noisy"}, {"type", "occlude"}, {"size", 4}});
  expectSpecError(j, {"views[2].name", "\"noisy\""});
}

TEST(SweepSpecTest, EmptyAndInvalidLists) {
  for (const char* key : {"seeds", "losses", "ladder", "views", "weak_sizes"}) {
    json j = fullSweep();
    j[key] = json::array();
    expectSpecError(j, {key, "non-empty array"});
  }
  json j = fullSweep();
  j["seeds"] = {0, -1};
  expectSpecError(j, {"seeds[1]", "non-negative integer"});
  j["seeds"] = {2, 2};
  expectSpecError(j, {"seeds[1]", "once"});
  j = fullSweep();
  j["pairs"] = "weak<=";
  expectSpecError(j, {"pairs", "weak<=strong"});
  j = fullSweep();
  j["device"] = "gpu";
  expectSpecError(j, {"device", "\"gpu\""});
  j = fullSweep();
  j["ladder"][0]["width"] = 0;
  expectSpecError(j, {"ladder[0].width"});
  expectSpecError(json::array(), {"top level", "object"});
}

TEST(SweepSpecTest, LadderMustFitTheTask) {
  json j = fullSweep();
  j["task"] = {{"dataset", "synthetic"}, {"dim", 16}};
  expectSpecError(j, {"ladder[2]", "cnn"});  // c4 needs images
  j["ladder"].erase(2);
  j["strong_sizes"] = {"w64"};
  j["per_size"] = json::object();
  EXPECT_NO_THROW(SweepSpec::fromJson(j, "test.json"));
  j["views"].push_back({{"name", "blocked"}, {"type", "occlude"}, {"size", 4}});
  expectSpecError(j, {"views[2].type", "\"occlude\""});  // occlusion needs images
}

TEST(SweepSpecTest, FromFileReadsAFile) {
  TempFile f("// comments are allowed\n" + fullSweep().dump(2));
  const SweepSpec s = SweepSpec::fromFile(f.path);
  EXPECT_EQ(s.name, "full");
  EXPECT_EQ(s.seeds, (std::vector<uint64_t>{3, 1}));
}

TEST(SweepSpecTest, FromFileInvalidJsonNamesFileAndLine) {
  TempFile f("{\n  \"name\": \"x\",\n  \"seeds\": [0, 1,]\n}\n");
  try {
    SweepSpec::fromFile(f.path);
    FAIL() << "expected a SpecError";
  } catch (const SpecError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind(f.path + ": ", 0), 0u) << msg;
    EXPECT_NE(msg.find("line 3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("byte"), std::string::npos) << msg;
  }
}

TEST(SweepSpecTest, FromFileDuplicateKey) {
  TempFile f(R"({"seeds": [0], "task": {"dataset": "synthetic"}, "seeds": [1]})");
  try {
    SweepSpec::fromFile(f.path);
    FAIL() << "expected a SpecError";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("seeds"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("twice"), std::string::npos) << e.what();
  }
}

TEST(SweepSpecTest, FromFileMissingFile) {
  const std::string path = "/nonexistent-dir/w2s/no-such-sweep.json";
  try {
    SweepSpec::fromFile(path);
    FAIL() << "expected a SpecError";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no such file"), std::string::npos) << e.what();
  }
}

// A cnn member may state the CNN's revision (job configs do), but only the current one; other
// families have none.
TEST(SweepSpecTest, CnnRevision) {
  json j = fullSweep();
  j["ladder"][2]["revision"] = kCnnRevision;
  EXPECT_NO_THROW(SweepSpec::fromJson(j));
  EXPECT_EQ(SweepSpec::fromJson(j).ladder[2].toJson().at("revision"), kCnnRevision);
  j["ladder"][2]["revision"] = kCnnRevision - 1;
  expectSpecError(j, {"ladder[2].revision", "at revision 1", "made with revision 0"});
  j = fullSweep();
  j["ladder"][0]["revision"] = 1;
  expectSpecError(j, {"ladder[0].revision", "only for family 'cnn'"});
}

}  // namespace
}  // namespace w2s
