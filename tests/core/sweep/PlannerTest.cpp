#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>

#include "core/models/Classifier.h"
#include "core/models/Cnn.h"
#include "core/sweep/Plan.h"
#include "core/util/Error.h"
#include "core/util/Sha256.h"

namespace w2s {
namespace {

using json = nlohmann::json;

/// A synthetic sweep over MLPs of the given widths (named "w<width>").
json sweepJson(const std::vector<int>& widths, const std::vector<int>& seeds, int views = 1) {
  json ladder = json::array();
  for (int w : widths) ladder.push_back({{"name", "w" + std::to_string(w)}, {"width", w}});
  json j = {{"task", {{"dataset", "synthetic"}, {"dim", 16}, {"classes", 2}}},
            {"ladder", ladder},
            {"losses", {"xent", {{"name", "logconf"}, {"aux_coef", 0.5}}}},
            {"seeds", seeds},
            {"train", {{"lr", 1e-3}, {"epochs", 2}}}};
  if (views == 2) {
    j["views"] = {{{"name", "clean"}}, {{"name", "noisy"}, {"type", "noise"}, {"sigma", 0.8}}};
  }
  return j;
}

Plan plan(const json& j) { return planSweep(SweepSpec::fromJson(j, "test.json")); }

std::set<std::string> hashes(const Plan& p) {
  std::set<std::string> out;
  for (const auto& j : p.jobs) out.insert(j.hash);
  return out;
}

/// Identifies a job by what it means (sizes, view, loss, seed), independent of its hash.
std::string meaning(const Job& j) {
  json l = j.labels;
  l.erase("ceiling");
  return std::string(toString(j.kind)) + l.dump();
}

size_t pairsLe(size_t n) { return n * (n + 1) / 2; }

TEST(PlannerTest, CountsForFourSizesTwoLossesTwoSeeds) {
  const Plan p = plan(sweepJson({4, 8, 16, 32}, {0, 1}));
  EXPECT_EQ(p.count(JobKind::Weak), 4u * 2);
  EXPECT_EQ(p.count(JobKind::Ceiling), 4u * 2);
  EXPECT_EQ(p.count(JobKind::Student), pairsLe(4) * 2 * 2);
  EXPECT_EQ(p.jobs.size(), 8u + 8 + 40);
  EXPECT_EQ(hashes(p).size(), p.jobs.size());  // no duplicates
}

TEST(PlannerTest, SecondViewDoublesWeakJobsAndStudents) {
  const Plan p = plan(sweepJson({4, 8, 16, 32}, {0, 1}, 2));
  EXPECT_EQ(p.count(JobKind::Weak), 16u);
  EXPECT_EQ(p.count(JobKind::Ceiling), 8u);
  EXPECT_EQ(p.count(JobKind::Student), 80u);
}

TEST(PlannerTest, IdenticalViewsShareJobs) {
  json j = sweepJson({4, 8}, {0});
  j["views"] = {{{"name", "a"}, {"type", "noise"}, {"sigma", 0.5}},
                {{"name", "b"}, {"type", "noise"}, {"sigma", 0.5}}};
  const Plan p = plan(j);
  EXPECT_EQ(p.count(JobKind::Weak), 2u);
  EXPECT_EQ(p.count(JobKind::Student), pairsLe(2) * 2);
}

TEST(PlannerTest, OrderIsWeakThenCeilingThenStudent) {
  const Plan p = plan(sweepJson({4, 8, 16}, {0, 1}));
  int phase = 0;
  for (const auto& j : p.jobs) {
    const int k = static_cast<int>(j.kind);
    EXPECT_GE(k, phase);
    phase = k;
    EXPECT_EQ(jobKindFromString(toString(j.kind)), j.kind);
    EXPECT_EQ(j.config.at("kind"), toString(j.kind));
  }
  EXPECT_THROW(jobKindFromString("teacher"), SpecError);
}

TEST(PlannerTest, PairRulesFollowParameterCountsNotLadderOrder) {
  json j = sweepJson({32, 4, 16, 8}, {0});
  j["losses"] = {"xent"};
  for (const auto& [rule, expected] :
       std::map<std::string, size_t>{{"weak<=strong", 10}, {"weak<strong", 6}, {"all", 16}}) {
    j["pairs"] = rule;
    const Plan p = plan(j);
    EXPECT_EQ(p.count(JobKind::Student), expected) << rule;
    for (const auto& job : p.jobs) {
      if (job.kind != JobKind::Student || rule == "all") continue;
      const int64_t weak = job.labels.at("weak_params"), strong = job.labels.at("strong_params");
      EXPECT_TRUE(rule == "weak<strong" ? weak < strong : weak <= strong) << rule;
    }
  }
}

TEST(PlannerTest, HashesStableAcrossKeyOrderAndRuns) {
  const json j = sweepJson({4, 8, 16}, {0, 1});
  // The same sweep with every object's keys written in reverse order.
  std::string reversed = "{";
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  for (auto k = keys.rbegin(); k != keys.rend(); ++k) {
    reversed += (reversed.size() > 1 ? "," : "") + json(*k).dump() + ":" + j.at(*k).dump();
  }
  reversed += "}";
  ASSERT_NE(reversed, j.dump());
  const Plan a = plan(j);
  const Plan b = plan(json::parse(reversed));
  const Plan c = plan(j);
  ASSERT_EQ(a.jobs.size(), b.jobs.size());
  for (size_t i = 0; i < a.jobs.size(); ++i) {
    EXPECT_EQ(a.jobs[i].hash, b.jobs[i].hash);
    EXPECT_EQ(a.jobs[i].hash, c.jobs[i].hash);
    EXPECT_EQ(a.jobs[i].hash, jobHash(a.jobs[i].config));
    EXPECT_EQ(a.jobs[i].hash.size(), 64u);
  }
  // Key order and number spelling in a stored config do not change its hash.
  EXPECT_EQ(jobHash(json::parse(R"({"seed": 1, "kind": "weak", "train": {"lr": 0.001}})")),
            jobHash(json::parse(R"({"kind": "weak", "train": {"lr": 1e-3}, "seed": 1})")));
}

TEST(PlannerTest, RenamingASizeKeepsHashes) {
  json j = sweepJson({4, 8}, {0});
  const Plan a = plan(j);
  j["ladder"][0]["name"] = "tiny";
  EXPECT_EQ(hashes(plan(j)), hashes(a));
}

TEST(PlannerTest, OverlappingSweepReusesCommonJobs) {
  const std::vector<int> sizes1 = {4, 8, 16, 32}, sizes2 = {4, 8, 16, 32, 64};
  const std::vector<int> seeds1 = {0, 1}, seeds2 = {0, 1, 2};
  const Plan first = plan(sweepJson(sizes1, seeds1));
  const Plan second = plan(sweepJson(sizes2, seeds2));
  const std::set<std::string> h1 = hashes(first), h2 = hashes(second);
  for (const auto& h : h1) EXPECT_TRUE(h2.count(h)) << "job of the first sweep not reused: " << h;
  size_t fresh[3] = {0, 0, 0};
  for (const auto& j : second.jobs) {
    if (!h1.count(j.hash)) ++fresh[static_cast<int>(j.kind)];
  }
  const size_t n1 = sizes1.size(), n2 = sizes2.size(), s1 = seeds1.size(), s2 = seeds2.size();
  const size_t losses = 2;
  EXPECT_EQ(fresh[0], n2 * s2 - n1 * s1);
  EXPECT_EQ(fresh[1], n2 * s2 - n1 * s1);
  EXPECT_EQ(fresh[2], (pairsLe(n2) * s2 - pairsLe(n1) * s1) * losses);
}

TEST(PlannerTest, ChangingLrChangesExactlyTheAffectedJobs) {
  json j = sweepJson({4, 8, 16, 32}, {0, 1});
  const Plan base = plan(j);
  j["per_size"] = {{"w16", {{"lr", 5e-4}}}};
  const Plan changed = plan(j);
  std::map<std::string, std::string> before;
  for (const auto& job : base.jobs) before[meaning(job)] = job.hash;
  ASSERT_EQ(changed.jobs.size(), base.jobs.size());
  size_t nChanged = 0;
  for (const auto& job : changed.jobs) {
    const auto& l = job.labels;
    const bool involves = l.value("size", "") == "w16" || l.value("weak_size", "") == "w16" ||
                          l.value("strong_size", "") == "w16";
    ASSERT_TRUE(before.count(meaning(job)));
    EXPECT_EQ(before[meaning(job)] != job.hash, involves) << job.labels.dump();
    nChanged += involves;
  }
  EXPECT_GT(nChanged, 0u);

  // The sweep-wide lr changes every job.
  j.erase("per_size");
  j["train"]["lr"] = 2e-3;
  const std::set<std::string> all = hashes(plan(j)), old = hashes(base);
  for (const auto& h : all) EXPECT_FALSE(old.count(h));
}

TEST(PlannerTest, DropLastIsOnForLogconfStudentsUnlessTheSweepSaysOtherwise) {
  json j = sweepJson({4, 8}, {0});
  const Plan autoPlan = plan(j);
  size_t logconf = 0;
  for (const auto& job : autoPlan.jobs) {
    const bool isLogconf = job.config.contains("loss") && job.config["loss"]["name"] == "logconf";
    logconf += isLogconf;
    // Written only when on, so jobs that keep the last batch hash as before the option.
    EXPECT_EQ(job.config["train"].contains("drop_last"), isLogconf) << job.labels.dump();
    if (isLogconf) {
      EXPECT_EQ(job.config["train"]["drop_last"], true);
    }
  }
  EXPECT_EQ(logconf, 3u);

  // Explicitly off: the logconf students lose the field (and change hash); nothing else changes.
  j["train"]["drop_last"] = false;
  const Plan off = plan(j);
  std::map<std::string, std::string> before;
  for (const auto& job : autoPlan.jobs) before[meaning(job)] = job.hash;
  for (const auto& job : off.jobs) {
    EXPECT_FALSE(job.config["train"].contains("drop_last"));
    const bool isLogconf = job.labels.value("loss", "") == "logconf";
    EXPECT_EQ(before.at(meaning(job)) != job.hash, isLogconf) << job.labels.dump();
  }

  // Explicitly on: every job drops its last batch, supervisors and ceilings too.
  j["train"]["drop_last"] = true;
  for (const auto& job : plan(j).jobs) EXPECT_EQ(job.config["train"]["drop_last"], true);
  // A per-size override reaches only that size's jobs.
  j["train"].erase("drop_last");
  j["per_size"] = {{"w8", {{"drop_last", true}}}};
  for (const auto& job : plan(j).jobs) {
    const bool w8 = job.config["model"]["width"] == 8;
    const bool logconf = job.labels.value("loss", "") == "logconf";
    EXPECT_EQ(job.config["train"].contains("drop_last"), w8 || logconf) << job.labels.dump();
  }
}

TEST(PlannerTest, StudentsDependOnTheirWeakJobAndNameTheirCeiling) {
  const Plan p = plan(sweepJson({4, 8, 16}, {0, 1}, 2));
  std::map<std::string, size_t> position;
  for (size_t i = 0; i < p.jobs.size(); ++i) position[p.jobs[i].hash] = i;
  for (size_t i = 0; i < p.jobs.size(); ++i) {
    const Job& s = p.jobs[i];
    if (s.kind != JobKind::Student) {
      EXPECT_TRUE(s.deps.empty());
      continue;
    }
    ASSERT_EQ(s.deps.size(), 1u);
    const Job* weak = p.find(s.deps[0]);
    ASSERT_NE(weak, nullptr);
    EXPECT_EQ(weak->kind, JobKind::Weak);
    EXPECT_LT(position[weak->hash], i);
    EXPECT_EQ(s.config.at("weak"), weak->hash);
    EXPECT_EQ(weak->labels.at("size"), s.labels.at("weak_size"));
    EXPECT_EQ(weak->labels.at("view"), s.labels.at("view"));
    EXPECT_EQ(weak->config.at("seed"), s.config.at("seed"));

    const Job* ceiling = p.find(s.labels.at("ceiling"));
    ASSERT_NE(ceiling, nullptr);
    EXPECT_EQ(ceiling->kind, JobKind::Ceiling);
    EXPECT_EQ(ceiling->config.at("model"), s.config.at("model"));
    json studentTrain = s.config.at("train");
    studentTrain.erase("drop_last");  // on for the logconf students only
    EXPECT_EQ(ceiling->config.at("train"), studentTrain);
    EXPECT_EQ(ceiling->config.at("seed"), s.config.at("seed"));
    EXPECT_EQ(ceiling->labels.at("size"), s.labels.at("strong_size"));
  }
  EXPECT_EQ(p.find("no-such-hash"), nullptr);
}

TEST(PlannerTest, LabelsCarryParameterCounts) {
  const Plan p = plan(sweepJson({4, 32}, {0}));
  for (const auto& j : p.jobs) {
    if (j.kind == JobKind::Student) continue;
    ModelSpec m;
    m.width = j.labels.at("size") == "w4" ? 4 : 32;
    EXPECT_EQ(j.labels.at("params").get<int64_t>(), parameterCount(m, {16}, 2));
  }
}

// The job hashes of committed sweeps, pinned: a refactoring of the planner or of the JSON of a
// spec must not change them, or every stored result would be retrained. Digest = SHA-256 of the
// sorted hashes joined by newlines. methods-synthetic changed when `window` was redefined (its
// window students record "revision": 1); its other jobs kept their hashes. fmnist-cnn changed
// when the CNN's few-channel convolutions moved to the direct kernel (every cnn model records
// "revision": 1; CnnRevisionEntersEveryCnnJobAndNoOther checks which jobs).
TEST(PlannerTest, CommittedSweepsKeepTheirJobHashes) {
  const std::map<std::string, std::pair<size_t, std::string>> pinned = {
      {"synthetic-small", {66, "872663d67481d737b06cb5c7e021e3016cc98ac43ed735fe4abdf920c018e456"}},
      {"default", {208, "fa0c962410725c9a676979fa5d63a000884edcdb0bcd5c20922794f405a8e8a5"}},
      {"fmnist-cnn", {66, "ce76c9946780e4f79a23c7cbda879f552eee717e3f5e8c1189c3c93fc46001dd"}},
      {"methods-synthetic",
       {128, "6577923cd8bd739ab33f63c4be6493cf09f5a48e96a42fc53ca931477c5f4306"}},
  };
  for (const auto& [name, expected] : pinned) {
    const Plan p = planSweep(
        SweepSpec::fromFile(std::string(W2S_SOURCE_RESOURCE_DIR) + "/sweeps/" + name + ".json"));
    std::vector<std::string> hashes;
    for (const auto& j : p.jobs) hashes.push_back(j.hash);
    std::sort(hashes.begin(), hashes.end());
    std::string joined;
    for (size_t i = 0; i < hashes.size(); ++i) joined += (i ? "\n" : "") + hashes[i];
    EXPECT_EQ(hashes.size(), expected.first) << name;
    EXPECT_EQ(sha256Hex(joined), expected.second) << name;
    if (name == "methods-synthetic") {
      // The 28 jobs whose hashes changed are exactly its window students and the jobs they
      // supervise (bootstrapping chains), whose configs hold their supervisor's hash.
      std::set<std::string> changed;
      for (const auto& j : p.jobs) {  // dependencies come before dependents
        bool c = j.config.contains("loss") && j.config.at("loss").at("name") == "window";
        for (const auto& d : j.deps) c = c || changed.count(d) > 0;
        if (c) changed.insert(j.hash);
      }
      EXPECT_EQ(changed.size(), 28u);
    }
  }
}

// The CNN's revision is in the model of every job that trains or pretrains a cnn member and in
// no other model; a job config that names a cnn supervisor holds its hash, which changed with it.
TEST(PlannerTest, CnnRevisionEntersEveryCnnJobAndNoOther) {
  for (const char* name : {"fmnist-cnn", "fmnist-pretrained", "default"}) {
    const Plan p = planSweep(
        SweepSpec::fromFile(std::string(W2S_SOURCE_RESOURCE_DIR) + "/sweeps/" + name + ".json"));
    size_t cnnJobs = 0;
    for (const auto& j : p.jobs) {
      const json& model = j.config.at("model");
      if (model.at("family") == "cnn") {
        ++cnnJobs;
        EXPECT_EQ(model.at("revision"), kCnnRevision) << name << " " << j.hash;
      } else {
        EXPECT_FALSE(model.contains("revision")) << name << " " << j.hash;
      }
    }
    EXPECT_EQ(cnnJobs > 0, std::string(name) != "default") << name;
  }
}

// Every sweep users are pointed at parses, plans (no data needed) and has a row in the table of
// docs/sweep-format.md.
TEST(PlannerTest, EveryCommittedSweepPlansAndIsDocumented) {
  std::ifstream in(std::string(W2S_TEST_FIXTURE_DIR) + "/../../docs/sweep-format.md");
  ASSERT_TRUE(in) << "docs/sweep-format.md";
  const std::string docs((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  int files = 0;
  for (const auto& f :
       std::filesystem::directory_iterator(std::string(W2S_SOURCE_RESOURCE_DIR) + "/sweeps")) {
    if (f.path().extension() != ".json") continue;
    ++files;
    const std::string name = f.path().filename().string();
    Plan p;
    EXPECT_NO_THROW(p = planSweep(SweepSpec::fromFile(f.path().string()))) << name;
    EXPECT_GT(p.count(JobKind::Student), 0u) << name;
    EXPECT_NE(docs.find("`" + name + "`"), std::string::npos)
        << name << " has no row in docs/sweep-format.md";
  }
  EXPECT_GE(files, 10);
}

// Labels are written through JobLabels; readers of older stores expect exactly these keys.
TEST(PlannerTest, JobsCarryTheLabelKeysReadersExpect) {
  const Plan p = planSweep(
      SweepSpec::fromFile(std::string(W2S_SOURCE_RESOURCE_DIR) + "/sweeps/synthetic-small.json"));
  std::map<JobKind, std::set<std::string>> keys;
  for (const auto& j : p.jobs) {
    std::set<std::string> k;
    for (auto it = j.labels.begin(); it != j.labels.end(); ++it) k.insert(it.key());
    keys[j.kind] = k;
  }
  EXPECT_EQ(keys[JobKind::Weak],
            (std::set<std::string>{"task", "size", "weak_size", "view", "seed", "params"}));
  EXPECT_EQ(keys[JobKind::Ceiling],
            (std::set<std::string>{"task", "size", "strong_size", "seed", "params"}));
  EXPECT_EQ(keys[JobKind::Student],
            (std::set<std::string>{"task", "weak_size", "strong_size", "view", "loss", "seed",
                                   "ceiling", "params", "weak_params", "strong_params"}));
}

}  // namespace
}  // namespace w2s
