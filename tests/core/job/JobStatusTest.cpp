#include <gtest/gtest.h>

#include <sstream>

#include "core/job/JobKind.h"
#include "core/job/JobStatus.h"
#include "core/util/Error.h"

namespace w2s {
namespace {

TEST(JobStatusTest, NamesRoundTripAndAreTheStoresWords) {
  for (JobStatus s : {JobStatus::Pending, JobStatus::Running, JobStatus::Done, JobStatus::Failed,
                      JobStatus::Cancelled}) {
    EXPECT_EQ(jobStatusFromString(toString(s)), s);
  }
  EXPECT_STREQ(toString(JobStatus::Done), "done");
  EXPECT_STREQ(toString(JobStatus::Cancelled), "cancelled");
  std::ostringstream os;
  os << JobStatus::Running;
  EXPECT_EQ(os.str(), "running");
}

TEST(JobStatusTest, AnUnknownNameSaysWhatWasExpected) {
  try {
    jobStatusFromString("finished");
    FAIL() << "no error";
  } catch (const SpecError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("\"finished\""), std::string::npos) << what;
    EXPECT_NE(what.find("\"cancelled\""), std::string::npos) << what;
  }
  EXPECT_THROW(jobKindFromString("teacher"), SpecError);
  EXPECT_THROW(jobOutcomeFromString("ok"), SpecError);
}

TEST(JobStatusTest, OutcomesMapToTheStatusTheyLeaveInTheStore) {
  for (JobOutcome o : {JobOutcome::Done, JobOutcome::DoneElsewhere, JobOutcome::Failed,
                       JobOutcome::Cancelled, JobOutcome::Skipped}) {
    EXPECT_EQ(jobOutcomeFromString(toString(o)), o);
  }
  EXPECT_STREQ(toString(JobOutcome::DoneElsewhere), "done elsewhere");
  EXPECT_EQ(storedStatus(JobOutcome::Done), JobStatus::Done);
  EXPECT_EQ(storedStatus(JobOutcome::DoneElsewhere), JobStatus::Done);
  EXPECT_EQ(storedStatus(JobOutcome::Failed), JobStatus::Failed);
  EXPECT_EQ(storedStatus(JobOutcome::Cancelled), JobStatus::Cancelled);
  EXPECT_EQ(storedStatus(JobOutcome::Skipped), JobStatus::Pending);  // a later run retries it
}

}  // namespace
}  // namespace w2s
