#include "core/metrics/Calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace w2s {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

std::vector<ReliabilityBin> reliabilityTable(const std::vector<float>& probs, int cols,
                                             const std::vector<int>& truth, int bins) {
  if (bins < 1) {
    throw std::invalid_argument("calibration: bins must be >= 1, got " + std::to_string(bins));
  }
  if (cols < 2) {
    throw std::invalid_argument("calibration: expected at least 2 probability columns, got " +
                                std::to_string(cols));
  }
  if (probs.size() != truth.size() * static_cast<size_t>(cols)) {
    throw std::invalid_argument("calibration: " + std::to_string(probs.size()) +
                                " probabilities for " + std::to_string(truth.size()) +
                                " labels x " + std::to_string(cols) + " columns");
  }
  std::vector<ReliabilityBin> table(static_cast<size_t>(bins));
  std::vector<double> confSum(table.size(), 0.0), correct(table.size(), 0.0);
  for (size_t b = 0; b < table.size(); ++b) {
    table[b].lo = static_cast<double>(b) / bins;
    table[b].hi = static_cast<double>(b + 1) / bins;
  }
  for (size_t r = 0; r < truth.size(); ++r) {
    if (truth[r] < 0 || truth[r] >= cols) {
      throw std::invalid_argument("calibration: truth[" + std::to_string(r) +
                                  "] = " + std::to_string(truth[r]) + " is outside [0, " +
                                  std::to_string(cols) + ")");
    }
    const float* row = probs.data() + r * cols;
    const int top = static_cast<int>(std::max_element(row, row + cols) - row);
    const double conf = row[top];
    const int b = std::clamp(static_cast<int>(std::floor(conf * bins)), 0, bins - 1);
    table[b].count += 1;
    confSum[b] += conf;
    correct[b] += top == truth[r] ? 1.0 : 0.0;
  }
  for (size_t b = 0; b < table.size(); ++b) {
    const int n = table[b].count;
    table[b].meanConfidence = n ? confSum[b] / n : kNaN;
    table[b].accuracy = n ? correct[b] / n : kNaN;
  }
  return table;
}

double expectedCalibrationError(const std::vector<ReliabilityBin>& table) {
  double total = 0.0, weighted = 0.0;
  for (const auto& bin : table) {
    if (bin.count == 0) continue;
    total += bin.count;
    weighted += bin.count * std::abs(bin.accuracy - bin.meanConfidence);
  }
  return total > 0 ? weighted / total : kNaN;
}

double expectedCalibrationError(const std::vector<float>& probs, int cols,
                                const std::vector<int>& truth, int bins) {
  return expectedCalibrationError(reliabilityTable(probs, cols, truth, bins));
}

}  // namespace w2s
