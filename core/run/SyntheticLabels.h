#pragma once
// Synthetic supervisors (sweep field label_sources): labels made from ground truth with an exact
// accuracy and a chosen error structure, stored like a weak model's.
#include <cstdint>
#include <vector>

#include <torch/torch.h>

#include "core/store/RunStore.h"
#include "core/sweep/MethodOptions.h"
#include "core/sweep/Plan.h"

namespace w2s {

/// How confusable each example is to a nearest-class-mean classifier fitted on (fitX, fitY):
/// margin = distance to its own class mean minus the distance to the nearest other class mean
/// (larger = more confusable), and that nearest other class.
struct Confusability {
  std::vector<double> margin;
  std::vector<int> runnerUp;
};
Confusability centroidConfusability(const torch::Tensor& fitX, const torch::Tensor& fitY,
                                    const torch::Tensor& x, const torch::Tensor& y,
                                    int numClasses);

/// Labels equal to `truth` except for exactly round((1 - accuracy) * N) of them, chosen and
/// relabelled by the structure `type` (LabelSourceSpec): "random_flips" and "class_confusion"
/// use `seed`; "view" needs `confusability` (same length as truth). Throws std::invalid_argument
/// for numClasses < 2, a missing confusability or a class id outside [0, numClasses).
std::vector<int> structuredLabels(const std::vector<int>& truth, int numClasses,
                                  const std::string& type, double accuracy, uint64_t seed,
                                  const Confusability* confusability = nullptr);

/// Runs a weak job whose config has "label_source": its labels on half B and its "predictions"
/// on test are the structured labels (one-hot), its accuracy that of the test labels.
JobResult executeLabelSourceJob(const Job& job);

}  // namespace w2s
