#include <gtest/gtest.h>

#include <cmath>

#include "core/analysis/Stats.h"
#include "ui/charts/SeedBand.h"

namespace w2s {
namespace {

TEST(SeedBandTest, MinMaxStdAndCiDifferAsExpected) {
  const std::vector<double> v{0.2, 0.4, 0.6};
  const SeedBand mm = SeedBand::of(v, BandKind::MinMax);
  EXPECT_DOUBLE_EQ(mm.mean, 0.4);
  EXPECT_DOUBLE_EQ(mm.lo, 0.2);
  EXPECT_DOUBLE_EQ(mm.hi, 0.6);
  const SeedBand sd = SeedBand::of(v, BandKind::Std);
  EXPECT_NEAR(sd.hi - sd.mean, 0.2, 1e-12);  // sample std of {.2,.4,.6}
  const SeedBand ci = SeedBand::of(v, BandKind::Ci95);
  EXPECT_NEAR(ci.hi - ci.mean, studentTQuantile(0.95, 2) * 0.2 / std::sqrt(3.0), 1e-9);
  const SeedBand none = SeedBand::of(v, BandKind::None);
  EXPECT_EQ(none.lo, none.hi);
}

TEST(SeedBandTest, SkipsUndefinedValues) {
  const SeedBand b = SeedBand::of({NAN, 0.5, NAN}, BandKind::Ci95);
  EXPECT_EQ(b.n, 1);
  EXPECT_DOUBLE_EQ(b.mean, 0.5);
  EXPECT_TRUE(std::isnan(SeedBand::of({NAN}, BandKind::Std).mean));
}

}  // namespace
}  // namespace w2s
