#include <gtest/gtest.h>

#include <regex>

#include "core/run/JobRecordFill.h"

namespace w2s {
namespace {

EvalPoint at(int64_t step, double acc) {
  EvalPoint p;
  p.step = step;
  p.testAcc = acc;
  return p;
}

TEST(JobRecordFillTest, FillsIdentityTimesAndAccuraciesFromTheCurve) {
  Job job;
  job.hash = "abc";
  job.kind = JobKind::Student;
  job.config = {{"kind", "student"}, {"weak", "w123"}, {"seed", 3}};
  job.labels = {{"loss", "xent"}};
  const JobClock clock;
  const JobResult r = finishedResult(job, clock, {at(0, 0.5), at(10, 0.8), at(20, 0.7)}, 42);
  const JobRecord& rec = r.record;
  EXPECT_EQ(rec.hash, "abc");
  EXPECT_EQ(rec.kind, JobKind::Student);
  EXPECT_EQ(rec.status, JobStatus::Done);
  EXPECT_EQ(rec.config, job.config);
  EXPECT_EQ(rec.labels, job.labels);
  EXPECT_EQ(rec.weakHash, "w123");
  EXPECT_EQ(rec.paramCount, 42);
  EXPECT_DOUBLE_EQ(rec.finalAcc, 0.7);  // the last evaluation
  EXPECT_DOUBLE_EQ(rec.bestAcc, 0.8);
  EXPECT_EQ(rec.bestStep, 10);
  EXPECT_EQ(r.curve.size(), 3u);
  EXPECT_GE(rec.seconds, 0.0);
  const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  EXPECT_TRUE(std::regex_match(rec.startedAt, iso)) << rec.startedAt;
  EXPECT_TRUE(std::regex_match(rec.finishedAt, iso)) << rec.finishedAt;
  EXPECT_LE(rec.startedAt, rec.finishedAt);
}

TEST(JobRecordFillTest, OnlyStudentsNameASupervisorAndAnEmptyCurveLeavesZeros) {
  Job job;
  job.hash = "p";
  job.kind = JobKind::Pretrain;
  job.config = {{"kind", "pretrain"}};
  const JobResult r = finishedResult(job, JobClock(), {}, 0);
  EXPECT_TRUE(r.record.weakHash.empty());
  EXPECT_EQ(r.record.finalAcc, 0.0);
  EXPECT_EQ(r.record.bestAcc, 0.0);
  EXPECT_EQ(r.record.bestStep, 0);
}

}  // namespace
}  // namespace w2s
