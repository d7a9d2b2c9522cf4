#pragma once
// The metrics every finished job records beside its accuracy (docs/science.md, "Metrics").
#include <nlohmann/json.hpp>
#include <vector>

namespace w2s {

/// {"auroc": A, "ece": E} of test probabilities (row-major [rows, cols]) against ground truth.
/// AUROC is the binary AUROC of class 1 for two classes and the one-vs-rest macro average for
/// more (core/metrics/Auroc.h); ECE uses 10 equal-width top-label bins. A metric that is
/// undefined (e.g. AUROC when the test set holds one class) is left out rather than stored as
/// NaN. Throws std::invalid_argument when the sizes disagree.
/// With `logProbs` (the same shape, e.g. the trainer's final log-softmax) AUROC ranks by them
/// (aurocFromLogProbs), which keeps confident examples apart.
nlohmann::json testSetMetrics(const std::vector<float>& probs, int cols,
                              const std::vector<int>& truth,
                              const std::vector<double>* logProbs = nullptr);

}  // namespace w2s
