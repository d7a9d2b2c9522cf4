#pragma once
// Calibration of predicted probabilities: expected calibration error (ECE) and the reliability
// table it is computed from (top-label confidence, equal-width bins).
#include <vector>

namespace w2s {

/// One confidence bin [lo, hi) (the last bin also holds confidence 1).
struct ReliabilityBin {
  double lo = 0.0, hi = 0.0;
  int count = 0;
  double meanConfidence = 0.0;  ///< mean top-label probability of its examples (NaN when empty)
  double accuracy = 0.0;        ///< fraction whose top label is right (NaN when empty)
};

/// Reliability table of class probabilities (row-major [rows, cols]) against class indices:
/// each example goes to the bin of its top-label probability. Throws std::invalid_argument for
/// bins < 1, cols < 2, mismatched sizes or a truth index outside [0, cols).
std::vector<ReliabilityBin> reliabilityTable(const std::vector<float>& probs, int cols,
                                             const std::vector<int>& truth, int bins = 10);

/// ECE = sum over bins of (count / N) * |accuracy - meanConfidence|; NaN when there are no
/// examples. Same arguments and errors as reliabilityTable.
double expectedCalibrationError(const std::vector<float>& probs, int cols,
                                const std::vector<int>& truth, int bins = 10);

/// ECE of a table already computed.
double expectedCalibrationError(const std::vector<ReliabilityBin>& table);

}  // namespace w2s
