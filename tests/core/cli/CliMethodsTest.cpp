// `w2s` subcommands of the methods work: import / export-json dispatch, report metrics, compare.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "core/cli/Cli.h"
#include "core/store/RunStore.h"
#include "core/util/Paths.h"
#include "tests/core/interop/InteropFixtures.h"
#include "tests/core/run/TinySweep.h"

namespace w2s {
namespace {

using nlohmann::json;

struct Result {
  int code;
  std::string out, err;
};

// One CSV line split into fields; a quoted field may hold commas and doubled quotes.
std::vector<std::string> csvFields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

Result cli(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = runCli(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(CliMethodsTest, ImportThenExportJsonThroughTheDispatcher) {
  test::TempFolder dir;
  const auto root = dir.path() / "results";
  const json weak = test::openAiGtConfig("gpt2", 0);
  test::writeOpenAiRun(root, "weak", weak, 0.6);
  test::writeOpenAiRun(root, "ceiling", test::openAiGtConfig("gpt2-xl", 0, 1e-5), 0.9);
  test::writeOpenAiRun(root, "student", test::openAiStudentConfig(weak, "gpt2-xl", "xent", 1e-5),
                       0.75);
  const std::string db = (dir.path() / "runs.db").string();

  auto r = cli({"import", root.string(), "--db", db});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 3 runs"), std::string::npos) << r.out;

  const std::string file = (dir.path() / "summary.json").string();
  r = cli({"export-json", "--out", file, "--db", db});
  ASSERT_EQ(r.code, 0) << r.err;
  const json s = json::parse(readTextFile(file));
  ASSERT_EQ(s.at("outcomes").size(), 1u);
  EXPECT_NEAR(s.at("outcomes")[0].at("pgr").get<double>(), (0.75 - 0.6) / (0.9 - 0.6), 1e-9);

  // Bad options reach the command and fail with its message, not "unknown command".
  r = cli({"import", root.string(), "--format", "pickle", "--db", db});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;

  r = cli({"help"});
  EXPECT_NE(r.out.find("import FOLDER"), std::string::npos);
  EXPECT_NE(r.out.find("export-json"), std::string::npos);
}

// Every student of a sweep with every method is one row of outcomes.csv, told apart by the columns
// that name it: no two rows share a key (docs/interop.md).
TEST(CliMethodsTest, ExportedOutcomesHaveOneRowPerKey) {
  test::TempFolder dir;
  nlohmann::json j = json::parse(readTextFile(std::string(W2S_TEST_FIXTURE_DIR) +
                                              "/../../resources/sweeps/methods-synthetic.json"));
  j["task"]["n_train"] = 1500;
  j["task"]["n_test"] = 300;
  j["train"]["epochs"] = 1;
  j["student_iterations"] = 2;
  const std::string sweep = test::writeJson(dir.path() / "methods.json", j);
  const std::string db = (dir.path() / "runs.db").string();
  auto r = cli({"run", sweep, "--db", db, "--jobs", "2", "--threads", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = cli({"export", "--db", db, "--out", (dir.path() / "out").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream csv(readTextFile((dir.path() / "out" / "outcomes.csv").string()));
  std::string line;
  std::getline(csv, line);
  const std::vector<std::string> header = csvFields(line);
  const std::vector<std::string> keyColumns = {
      "task",   "view",        "weak_size",    "strong_size", "loss",
      "method", "chain_steps", "label_source", "early_stop",  "seed"};
  std::vector<size_t> at;
  for (const auto& k : keyColumns) {
    const auto it = std::find(header.begin(), header.end(), k);
    ASSERT_NE(it, header.end()) << "outcomes.csv has no column " << k;
    at.push_back(static_cast<size_t>(it - header.begin()));
  }
  std::set<std::string> keys, methods, sources;
  int rows = 0;
  while (std::getline(csv, line)) {
    const std::vector<std::string> f = csvFields(line);
    ASSERT_EQ(f.size(), header.size()) << line;
    std::string key;
    for (size_t i : at) key += f[i] + "|";
    EXPECT_TRUE(keys.insert(key).second) << "two rows share the key " << key;
    methods.insert(f[at[5]]);
    sources.insert(f[at[7]]);
    ++rows;
  }
  // direct, bootstrap, s2s-1/2, lp(weak) students; three label sources beside trained models.
  EXPECT_GE(rows, 40);
  for (const char* m : {"direct", "bootstrap", "lp(weak)", "s2s-2"}) {
    EXPECT_TRUE(methods.count(m)) << "no " << m << " student";
  }
  EXPECT_EQ(sources.size(), 4u);
}

TEST(CliMethodsTest, ReportMetricsEarlyStopTableAndCompare) {
  test::TempFolder dir;
  nlohmann::json j = test::tinySweepJson();
  j["losses"] = {"xent", "kl", {{"name", "entropy"}, {"aux_coef", 0.5}}};
  j["early_stop"] = {{"val_frac", 0.1}};
  const std::string sweep = test::writeJson(dir.path() / "tiny.json", j);
  const std::string db = (dir.path() / "runs.db").string();
  auto r = cli({"run", sweep, "--db", db, "--jobs", "2", "--threads", "1"});
  ASSERT_EQ(r.code, 0) << r.err;

  r = cli({"report", "--db", db});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("ECE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("early stopping"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("oracle"), std::string::npos) << r.out;

  r = cli({"report", "--db", db, "--metric", "auroc", "--ci", "bootstrap"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("PGR(auroc)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("percentile bootstrap interval"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("approximate"), std::string::npos) << r.out;  // 2 seeds
  EXPECT_EQ(cli({"report", "--db", db, "--metric", "f1"}).code, 1);

  r = cli({"report", "--db", db, "--format", "csv"});
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("pgr_auroc"), std::string::npos);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 4);  // header + 3 losses

  // KL to the labels has the gradient of cross-entropy: the students are the same, every cell
  // a tie.
  r = cli({"compare", "--db", db, "--a", "xent", "--b", "kl"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("2 matched cells"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ties 2 (of 2)"), std::string::npos) << r.out;
  r = cli({"compare", "--db", db, "--a", "entropy", "--b", "xent", "--metric", "acc"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Wilcoxon signed-rank p = "), std::string::npos) << r.out;
  r = cli({"compare", "--db", db, "--a", "xent", "--b", "product"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no cell"), std::string::npos) << r.err;
}

TEST(CliMethodsTest, ProbeCombosTrainFromTheStoredBackboneAndReport) {
  test::TempFolder dir;
  nlohmann::json j = test::tinySweepJson();
  j["seeds"] = {0};
  j["probe_combos"] = true;
  const std::string sweep = test::writeJson(dir.path() / "tiny.json", j);
  const std::string db = (dir.path() / "runs.db").string();
  auto r = cli({"run", sweep, "--db", db, "--jobs", "2", "--threads", "1"});
  ASSERT_EQ(r.code, 0) << r.err;

  RunStore store(db);
  std::string reprobe, student;
  for (const auto& job : store.jobs()) {
    EXPECT_EQ(job.status, JobStatus::Done) << job.hash << " " << job.error;
    if (job.labels.value("method", "") == "ft(weak)+lp(gt)") {
      reprobe = job.hash;
      student = job.config.at("init_from").get<std::string>();
    }
  }
  ASSERT_FALSE(reprobe.empty());
  EXPECT_TRUE(store.weights(student, "torch-backbone").has_value());
  EXPECT_FALSE(store.weights(reprobe, "torch-backbone").has_value());

  r = cli({"report", "--db", db});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto at = r.out.find("probe/finetune combinations");
  ASSERT_NE(at, std::string::npos) << r.out;
  // One row under the header, with a number in every column.
  const std::string table = r.out.substr(at);
  EXPECT_NE(table.find("ft(weak)+lp(gt)"), std::string::npos);
  const auto rowStart = table.find("\nnoisy");
  ASSERT_NE(rowStart, std::string::npos) << table;
  const std::string row = table.substr(rowStart + 1, table.find('\n', rowStart + 1) - rowStart - 1);
  EXPECT_EQ(row.find(" - "), std::string::npos) << row;
}

}  // namespace
}  // namespace w2s
