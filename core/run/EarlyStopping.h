#pragma once
// Early stopping of students without ground truth: a held-out split of half B keeps its weak
// labels aside, and the student's agreement with them is measured at every evaluation
// (docs/science.md, "Early stopping").
#include <cstdint>
#include <limits>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/train/Trainer.h"

namespace w2s {

/// The held-out weak-labelled rows: inputs and the weak labels' classes (int64 [M]).
struct HeldOutSplit {
  torch::Tensor x;
  torch::Tensor weakClass;
};

/// Moves round(fraction * N) seeded-random rows (at least 1, and at least 1 left to train on) of
/// in.x / in.targets into the returned split. Throws std::invalid_argument when N < 2 or
/// fraction is not in (0, 1).
HeldOutSplit holdOutWeakLabelled(TrainInputs& in, double fraction, uint64_t seed);

/// The evaluation early stopping picks.
struct EarlyStopChoice {
  int64_t step = -1;  ///< -1 when there was no evaluation
  double testAcc = std::numeric_limits<double>::quiet_NaN();
  double valAgree = std::numeric_limits<double>::quiet_NaN();
};

/// The evaluation whose score is highest (the earliest among equal scores). All vectors have one
/// entry per evaluation; throws std::invalid_argument when their sizes differ.
EarlyStopChoice chooseEarlyStop(const std::vector<int64_t>& steps,
                                const std::vector<double>& score,
                                const std::vector<double>& testAcc);

/// Forwards training progress to `inner` and, at each evaluation, measures the student's
/// agreement with the weak labels of the held-out split. thread-safety: the training thread only.
class WeakAgreementTracker : public TrainObserver {
 public:
  WeakAgreementTracker(Classifier& model, HeldOutSplit split, torch::Device device,
                       TrainObserver* inner);
  void onStep(int64_t step, int64_t totalSteps, double loss) override;
  void onEval(const EvalPoint& point) override;

  /// Summary fields: early_stop_step/_acc/_val_agree (by weak agreement), oracle_step/_acc (by
  /// test accuracy: uses ground truth, an upper bound), val_examples, val_agree_curve
  /// [[step, agreement], ...].
  nlohmann::json summary() const;

 private:
  Classifier& model_;
  HeldOutSplit split_;
  torch::Device device_;
  TrainObserver* inner_;
  std::vector<int64_t> steps_;
  std::vector<double> agree_, testAcc_;
};

}  // namespace w2s
