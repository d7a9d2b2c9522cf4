#pragma once
// `w2s plot --bench`: how fast figure 1 redraws with 10^4..10^6 points and how long each export
// format takes, printed as a table (numbers from this machine, this run).
#include <iosfwd>

namespace w2s {

class PlotBench {
 public:
  /// Needs a QApplication. `maxPoints` caps the largest curve (10^6 by default).
  static int run(std::ostream& out, int maxPoints);
};

}  // namespace w2s
