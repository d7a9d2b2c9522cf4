#pragma once
// A small run store on disk for UI tests: weak models, ceilings and students with curves,
// test predictions and the task's test truth, written through RunStore like a real sweep.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace w2s::test {

struct FixtureStoreInfo {
  std::string path;
  int64_t sweepId = 0;
  std::vector<std::string> students;  ///< hashes, in creation order
  /// (weak size, strong size) pairs whose PGR is undefined in every seed (ceiling <= weak).
  std::vector<std::pair<std::string, std::string>> undefinedPairs;
  int curvePoints = 0;  ///< evaluations per student curve
};

/// Writes the fixture into `path` (a new file): weak sizes w4, w16; strong sizes w4, w16, w64;
/// losses xent and logconf; seeds 0 and 1; 40 binary test examples. The pair w4 -> w4 has a
/// ceiling below its supervisor (PGR undefined). PGR = 0.45 (w16, xent), 0.6 (w16, logconf),
/// 0.3 (w4, xent), 0.45 (w4, logconf), plus 0.05 for seed 1. Deterministic.
FixtureStoreInfo writeFixtureStore(const std::string& path, int curvePoints = 30);

}  // namespace w2s::test
