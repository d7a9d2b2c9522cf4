#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/store/UnsavedResults.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

namespace fs = std::filesystem;

JobResult weakResult(const std::string& hash) {
  JobResult res;
  res.record.hash = hash;
  res.record.kind = JobKind::Weak;
  res.record.config = {{"kind", "weak"}, {"seed", 2}};
  res.record.labels = {{"seed", 2}};
  res.record.status = JobStatus::Done;
  res.record.finalAcc = 0.625;
  res.record.bestAcc = 0.75;
  res.record.bestStep = 10;
  EvalPoint p;
  p.step = 10;
  p.testAcc = 0.75;
  res.curve = {p};
  res.testProbs = {2, 2, {0.5f, 0.5f, 0.125f, 0.875f}};
  res.labels = ProbMatrix{1, 2, {0.25f, 0.75f}};
  res.labelIds = {7};
  res.summary = {{"agree_all", 0.5}};
  res.weights["torch-backbone"] = std::string("\0\1\2bytes", 8);
  return res;
}

TEST(UnsavedResults, AKeptResultIsSavedByTheNextRunAndItsFileRemoved) {
  const fs::path dir = fs::temp_directory_path() / ("w2s-unsaved-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "runs.db").string();
  RunStore store(db);
  JobRecord planned = weakResult("w").record;
  planned.status = JobStatus::Pending;
  store.addPlannedJobs(store.addSweep("s", {{"a", 1}}, ""), {planned});

  const std::string kept = keepUnsaved(db, weakResult("w"));
  EXPECT_TRUE(fs::exists(kept));
  EXPECT_EQ(fs::path(kept).parent_path(), fs::path(unsavedFolder(db)));
  EXPECT_FALSE(store.isDone("w"));

  std::vector<std::string> problems;
  EXPECT_EQ(saveKeptResults(store, &problems), std::vector<std::string>{"w"});
  EXPECT_TRUE(problems.empty());
  EXPECT_FALSE(fs::exists(unsavedFolder(db)));
  ASSERT_TRUE(store.isDone("w"));
  const JobResult back = readResults(store).at(0);
  const JobResult want = weakResult("w");
  EXPECT_DOUBLE_EQ(back.record.finalAcc, want.record.finalAcc);
  EXPECT_EQ(back.curve.size(), 1u);
  EXPECT_EQ(back.testProbs.data, want.testProbs.data);
  ASSERT_TRUE(back.labels);
  EXPECT_EQ(back.labels->data, want.labels->data);
  EXPECT_EQ(back.labelIds, want.labelIds);
  EXPECT_EQ(back.summary, want.summary);
  EXPECT_EQ(back.weights, want.weights);

  // A damaged side file is reported and left for a person to look at.
  fs::create_directories(unsavedFolder(db));
  const fs::path junk = fs::path(unsavedFolder(db)) / "junk.db";
  { std::ofstream(junk) << "not a store"; }
  problems.clear();
  EXPECT_TRUE(saveKeptResults(store, &problems).empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("junk.db"), std::string::npos);
  EXPECT_TRUE(fs::exists(junk));
  fs::remove_all(dir);
}

TEST(UnsavedResults, InMemoryStoresCannotKeepResults) {
  EXPECT_THROW(keepUnsaved(":memory:", weakResult("w")), StoreError);
}

}  // namespace
}  // namespace w2s
