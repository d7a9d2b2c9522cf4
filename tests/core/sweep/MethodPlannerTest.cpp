// Planning of the method jobs: bootstrapping chains, early stopping, label sources.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/sweep/MethodOptions.h"
#include "core/sweep/MethodPlanner.h"
#include "core/util/Error.h"
#include "tests/core/DocsSection.h"

namespace w2s {
namespace {

using json = nlohmann::json;

json sweep(const std::vector<int>& widths) {
  json ladder = json::array();
  for (int w : widths) ladder.push_back({{"name", "w" + std::to_string(w)}, {"width", w}});
  return {{"task", {{"dataset", "synthetic"}, {"dim", 16}, {"classes", 2}}},
          {"ladder", ladder},
          {"seeds", {0, 1}},
          {"train", {{"epochs", 1}}}};
}

Plan plan(const json& j) { return planSweep(SweepSpec::fromJson(j, "test.json")); }

std::vector<const Job*> bootstrapped(const Plan& p) {
  std::vector<const Job*> out;
  for (const auto& j : p.jobs) {
    if (j.labels.value("method", "") == "bootstrap") out.push_back(&j);
  }
  return out;
}

TEST(MethodPlannerTest, BootstrapPlansOneChainPerWeakSizeThroughTheLargerSizes) {
  json j = sweep({4, 8, 16, 32});
  j["weak_sizes"] = {"w4", "w8"};
  j["strong_sizes"] = {"w32", "w8", "w16"};  // order given != order by size
  const Plan direct = plan(j);
  j["bootstrap"] = true;
  const Plan p = plan(j);

  // w4: w4 -> w8 -> w16 -> w32 (3 steps); w8: w8 -> w16 -> w32 (2 steps); x 2 seeds.
  const auto boot = bootstrapped(p);
  EXPECT_EQ(boot.size(), (3u + 2u) * 2);
  EXPECT_EQ(p.jobs.size(), direct.jobs.size() + boot.size());  // direct students stay planned
  EXPECT_EQ(p.count(JobKind::Weak), direct.count(JobKind::Weak));
  EXPECT_EQ(p.count(JobKind::Ceiling), direct.count(JobKind::Ceiling));

  for (const Job* s : boot) {
    ASSERT_EQ(s->deps.size(), 1u);
    const Job* sup = p.find(s->deps[0]);
    ASSERT_NE(sup, nullptr);
    EXPECT_EQ(s->config.at("weak"), s->deps[0]);
    EXPECT_TRUE(s->config.at("emit_labels").get<bool>());
    EXPECT_EQ(s->labels.at("seed"), sup->labels.at("seed"));
    const int steps = s->labels.at("chain_steps").get<int>();
    // The root is the weak job its labels name; each step is supervised by the step before.
    const Job* root = p.find(s->labels.at("root_weak").get<std::string>());
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(root->kind, JobKind::Weak);
    EXPECT_EQ(root->labels.at("size"), s->labels.at("weak_size"));
    if (steps == 1) {
      EXPECT_EQ(sup->hash, root->hash);
    } else {
      EXPECT_EQ(sup->kind, JobKind::Student);
      EXPECT_EQ(sup->labels.at("chain_steps").get<int>(), steps - 1);
      EXPECT_EQ(sup->labels.at("strong_size"), s->labels.at("supervisor_size"));
      EXPECT_LT(sup->labels.at("strong_params").get<int64_t>(),
                s->labels.at("strong_params").get<int64_t>());
    }
    // Dependencies come first in the plan.
    EXPECT_LT(sup - p.jobs.data(), s - p.jobs.data());
  }
  // The chains from w4 end at w32 after three steps.
  int longest = 0;
  for (const Job* s : boot) {
    if (s->labels.at("weak_size") == "w4" && s->labels.at("strong_size") == "w32") {
      longest = s->labels.at("chain_steps").get<int>();
    }
  }
  EXPECT_EQ(longest, 3);
}

TEST(MethodPlannerTest, ChainSkipsSmallerAndEqualSizes) {
  const SweepSpec spec = SweepSpec::fromJson(sweep({8, 4, 16}), "t");
  const std::map<std::string, int64_t> params = {{"w8", 100}, {"w4", 50}, {"w16", 100}};
  EXPECT_EQ(bootstrapChain(spec, params, "w4"), (std::vector<std::string>{"w8"}));
  EXPECT_TRUE(bootstrapChain(spec, params, "w16").empty());
}

TEST(MethodPlannerTest, EarlyStopChangesEveryStudentHashAndNothingElse) {
  json j = sweep({4, 16});
  const Plan plain = plan(j);
  j["early_stop"] = {{"val_frac", 0.2}};
  const Plan p = plan(j);
  ASSERT_EQ(p.jobs.size(), plain.jobs.size());
  for (size_t i = 0; i < p.jobs.size(); ++i) {
    const bool student = p.jobs[i].kind == JobKind::Student;
    EXPECT_EQ(p.jobs[i].hash != plain.jobs[i].hash, student) << i;
    if (student) {
      EXPECT_EQ(p.jobs[i].config.at("early_stop").at("val_frac"), 0.2);
    }
  }
}

TEST(MethodPlannerTest, LabelSourcesPlanASupervisorPerSeedAndItsStudents) {
  json j = sweep({4, 16});
  j["label_sources"] = {{{"type", "random_flips"}, {"accuracy", 0.75}},
                        {{"name", "confused"}, {"type", "class_confusion"}, {"accuracy", 0.75}}};
  const Plan plain = plan(sweep({4, 16}));
  const Plan p = plan(j);
  int sources = 0, students = 0;
  for (const auto& job : p.jobs) {
    if (job.config.contains("label_source")) {
      ++sources;
      EXPECT_EQ(job.kind, JobKind::Weak);
      EXPECT_FALSE(job.config.contains("model"));
    } else if (job.kind == JobKind::Student && job.labels.contains("label_source")) {
      ++students;
      const Job* sup = p.find(job.deps.at(0));
      ASSERT_NE(sup, nullptr);
      EXPECT_TRUE(sup->config.contains("label_source"));
      EXPECT_EQ(job.labels.at("weak_size"), sup->labels.at("size"));
    }
  }
  EXPECT_EQ(sources, 2 * 2);        // 2 sources x 2 seeds
  EXPECT_EQ(students, 2 * 2 * 2);   // x 2 strong sizes x 1 loss
  EXPECT_EQ(p.jobs.size(), plain.jobs.size() + 4 + 8);
}

TEST(MethodPlannerTest, StudentIterationsChainStudentsOfOneSize) {
  json j = sweep({4, 16});  // pairs weak<=strong: 4->4, 4->16, 16->16
  const Plan plain = plan(j);
  j["student_iterations"] = 3;
  const Plan p = plan(j);
  std::map<int, int> byStep;
  for (const auto& job : p.jobs) {
    const std::string method = job.labels.value("method", "");
    if (method.rfind("s2s-", 0) != 0) continue;
    const int k = job.labels.at("chain_steps").get<int>();
    EXPECT_EQ(method, "s2s-" + std::to_string(k));
    ++byStep[k];
    const Job* sup = p.find(job.deps.at(0));
    ASSERT_NE(sup, nullptr);
    if (k == 1) {
      EXPECT_EQ(sup->kind, JobKind::Weak);
    } else {
      EXPECT_EQ(sup->labels.at("chain_steps").get<int>(), k - 1);
      EXPECT_EQ(sup->labels.at("strong_size"), job.labels.at("strong_size"));
    }
  }
  EXPECT_EQ(byStep, (std::map<int, int>{{1, 6}, {2, 6}, {3, 6}}));  // 3 pairs x 2 seeds each
  EXPECT_EQ(p.jobs.size(), plain.jobs.size() + 18);
}

TEST(MethodPlannerTest, BadMethodFieldsNameTheField) {
  auto error = [](json j) {
    try {
      SweepSpec::fromJson(j, "s.json");
    } catch (const SpecError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  json j = sweep({4, 16});
  j["early_stop"] = {{"val_frac", 0.7}};
  EXPECT_NE(error(j).find("early_stop.val_frac"), std::string::npos) << error(j);
  j = sweep({4, 16});
  j["bootstrap"] = "yes";
  EXPECT_NE(error(j).find("bootstrap"), std::string::npos) << error(j);
  j = sweep({4, 16});
  j["label_sources"] = {{{"type", "flips"}}};
  EXPECT_NE(error(j).find("label_sources[0].type"), std::string::npos) << error(j);
  j = sweep({4, 16});
  j["bootstrapp"] = true;
  EXPECT_NE(error(j).find("did you mean \"bootstrap\""), std::string::npos) << error(j);
}

TEST(MethodPlannerTest, ProbeCombosPlanTheFigure9Jobs) {
  json j = sweep({4, 16, 64});
  j["weak_sizes"] = {"w4"};
  j["strong_sizes"] = {"w16", "w64"};
  j["pairs"] = "weak<strong";
  const Plan direct = plan(j);
  j["probe_combos"] = true;
  const Plan p = plan(j);

  std::map<std::string, int> byMethod;
  for (const auto& job : p.jobs) ++byMethod[job.labels.value("method", "")];
  // Per pair (2) and seed (2): lp(weak) and ft(weak)+lp(gt); per strong size and seed: lp(gt).
  EXPECT_EQ(byMethod["lp(weak)"], 4);
  EXPECT_EQ(byMethod["ft(weak)+lp(gt)"], 4);
  EXPECT_EQ(byMethod["lp(gt)"], 4);
  EXPECT_EQ(p.jobs.size(), direct.jobs.size() + 12);
  EXPECT_EQ(p.count(JobKind::Student), direct.count(JobKind::Student) + 4);

  for (const auto& job : p.jobs) {
    const std::string method = job.labels.value("method", "");
    if (job.kind == JobKind::Student && method.empty()) {
      // ft(weak): the direct student, which stores its backbone for the re-probe.
      EXPECT_TRUE(job.config.value("emit_backbone", false));
      EXPECT_EQ(job.config.at("train").value("mode", "finetune"), "finetune");
    }
    if (method == "lp(weak)" || method == "lp(gt)") {
      EXPECT_EQ(job.config.at("train").at("mode"), "linear_probe");
      EXPECT_FALSE(job.config.contains("init_from"));
    }
    if (method == "ft(weak)+lp(gt)") {
      EXPECT_EQ(job.kind, JobKind::Ceiling);  // trained on ground truth
      EXPECT_EQ(job.config.at("train").at("mode"), "linear_probe");
      const std::string from = job.config.at("init_from").get<std::string>();
      ASSERT_EQ(job.deps, std::vector<std::string>{from});
      const Job* student = p.find(from);
      ASSERT_NE(student, nullptr);
      EXPECT_EQ(student->kind, JobKind::Student);
      EXPECT_FALSE(student->labels.contains("method"));
      EXPECT_EQ(student->labels.at("strong_size"), job.labels.at("strong_size"));
      EXPECT_EQ(student->labels.at("seed"), job.labels.at("seed"));
    }
  }
}

TEST(MethodPlannerTest, TheRegistryNamesEveryMethodFieldOnce) {
  std::set<std::string> keys;
  for (const MethodInfo& m : methodRegistry()) {
    EXPECT_TRUE(keys.insert(m.key).second) << m.key;
    EXPECT_FALSE(m.summary.empty()) << m.key;
    EXPECT_FALSE(m.enabled(MethodOptions{})) << m.key << ": on by default";
  }
  // The sweep parser's known method fields are the registry's.
  ASSERT_EQ(methodOptionKeys().size(), keys.size());
  for (const auto& k : methodOptionKeys()) EXPECT_TRUE(keys.count(k)) << k;
  // A sweep that names a field the registry does not know is refused.
  json j = sweep({4, 8});
  j["boostrap"] = true;
  EXPECT_THROW(plan(j), SpecError);
}

TEST(MethodPlannerTest, StudentCellsFollowThePairRuleInPlanOrder) {
  json j = sweep({4, 8, 16});
  j["weak_sizes"] = {"w4", "w8"};
  j["strong_sizes"] = {"w8", "w16"};
  j["pairs"] = "weak<strong";
  const SweepSpec spec = SweepSpec::fromJson(j, "test.json");
  const std::map<std::string, int64_t> params = {{"w4", 4}, {"w8", 8}, {"w16", 16}};
  std::vector<std::string> seen;
  forEachStudentCell(spec, params, [&](const StudentCell& c) {
    seen.push_back(c.weak + ">" + c.strong + "/" + std::to_string(c.seed));
  });
  // w8 -> w8 is not weak<strong; seeds innermost.
  EXPECT_EQ(seen, (std::vector<std::string>{"w4>w8/0", "w4>w8/1", "w4>w16/0", "w4>w16/1",
                                            "w8>w16/0", "w8>w16/1"}));
  // The planner plans exactly these direct students.
  EXPECT_EQ(plan(j).count(JobKind::Student), seen.size());
}

TEST(MethodPlannerTest, TheSweepFormatDocsListTheRegisteredMethods) {
  // docs/sweep-format.md holds methodTableMarkdown() between two markers (`w2s methods
  // --markdown` prints the text to paste).
  const auto section = test::docsSection("sweep-format.md", "methods", "w2s methods --markdown");
  ASSERT_TRUE(section) << "docs/sweep-format.md and its methods markers";
  EXPECT_EQ(*section, methodTableMarkdown());
}

}  // namespace
}  // namespace w2s
