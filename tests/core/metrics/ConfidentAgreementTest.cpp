#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "core/metrics/ConfidentAgreement.h"

namespace w2s {
namespace {

TEST(ConfidentAgreement, CountsConfidentCopiesOfTheSupervisorAmongStudentErrors) {
  // Student predictions 1 (0.95), 1 (0.6), 0 (0.99), 2 (0.92), 0 (0.97); truth 0, 0, 0, 0, 1.
  // Wrong: rows 0, 1, 3, 4. Supervisor 1, 1, 0, 1, 0: row 0 agrees at 0.95 (counts), row 1
  // agrees at 0.6 (below threshold), row 3 disagrees, row 4 agrees at 0.97 (counts) -> 2 of 4.
  const std::vector<float> p = {0.03f,  0.95f, 0.02f, 0.3f,  0.6f,  0.1f,  0.99f, 0.005f,
                                0.005f, 0.05f, 0.03f, 0.92f, 0.97f, 0.02f, 0.01f};
  const ConfidentAgreement c = confidentAgreement(p, 3, {1, 1, 0, 1, 0}, {0, 0, 0, 0, 1}, 0.9);
  EXPECT_EQ(c.studentWrong, 4);
  EXPECT_EQ(c.confidentAgree, 2);
  EXPECT_DOUBLE_EQ(c.fraction, 0.5);
  // A lower threshold admits row 1 too.
  EXPECT_EQ(confidentAgreement(p, 3, {1, 1, 0, 1, 0}, {0, 0, 0, 0, 1}, 0.5).confidentAgree, 3);
}

TEST(ConfidentAgreement, NaNWhenTheStudentIsNeverWrong) {
  const ConfidentAgreement c = confidentAgreement({0.9f, 0.1f, 0.2f, 0.8f}, 2, {1, 1}, {0, 1});
  EXPECT_EQ(c.studentWrong, 0);
  EXPECT_TRUE(std::isnan(c.fraction));
}

TEST(ConfidentAgreement, RejectsBadInput) {
  EXPECT_THROW(confidentAgreement({0.9f, 0.1f}, 2, {1, 1}, {0}), std::invalid_argument);
  EXPECT_THROW(confidentAgreement({0.9f, 0.1f}, 2, {1}, {0}, 1.0), std::invalid_argument);
  EXPECT_THROW(confidentAgreement({0.9f, 0.1f}, 2, {2}, {0}), std::invalid_argument);
}

}  // namespace
}  // namespace w2s
