#pragma once
// Turns the stored jobs of a sweep into the paper's numbers.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/Stats.h"
#include "core/metrics/MisfitGain.h"

namespace w2s {

class RunStore;

/// One student (one seed) with its supervisor and ceiling.
struct StudentOutcome {
  std::string studentHash, weakHash, ceilingHash;
  std::string task, view, weakSize, strongSize, loss;
  /// What kind of strong model this is beyond its size: the ladder family, plus " pretrained"
  /// for pretrained members ("transformer pretrained", "glove", "mlp"); "" when unknown (imports).
  /// Figures draw students of different variants as different lines, never as one mean.
  std::string strongVariant;
  uint64_t seed = 0;
  int64_t weakParams = 0, strongParams = 0;
  double sizeGap = 0.0;  ///< log10(strongParams / weakParams)
  double weakAcc = 0.0, ceilingAcc = 0.0, w2sAcc = 0.0;
  double w2sBestAcc = 0.0;  ///< best test accuracy over the student's curve
  int64_t w2sBestStep = 0;
  std::optional<double> pgr;      ///< on final accuracy
  std::optional<double> pgrBest;  ///< on best-over-training accuracy
  Agreement agree;                ///< at the end of training, on test

  // Methods and metrics of docs/science.md. NaN (nullopt) where the store lacks what they need,
  // e.g. runs imported without predictions.
  /// How the student was made: "direct" (trained on its weak supervisor's labels), "bootstrap"
  /// (the last step of a chain weak -> M1 -> ... -> this size, each on the previous step's labels).
  std::string method = "direct";
  std::string supervisorHash;  ///< the job whose labels it trained on (= weakHash when direct)
  int chainSteps = 1;          ///< students between the weak model and this one, itself included
  /// Where the supervisor's labels came from when it is not a trained model: the label
  /// source's type ("noisy", "constant", ...); "" for a trained weak model.
  std::string labelSource;
  /// How the student's reported accuracy may be early-stopped: "none", or "weak-agreement
  /// val=F" (a held-out weak-labelled split of fraction F; docs/science.md).
  std::string earlyStop = "none";
  double weakAuroc = std::numeric_limits<double>::quiet_NaN();
  double ceilingAuroc = std::numeric_limits<double>::quiet_NaN();
  double w2sAuroc = std::numeric_limits<double>::quiet_NaN();
  std::optional<double> pgrAuroc;  ///< PGR on test AUROC (EleutherAI/w2s reports this one)
  double w2sEce = std::numeric_limits<double>::quiet_NaN();  ///< expected calibration error
  /// Of the test examples the student gets wrong, the share where it predicts its supervisor's
  /// class with probability > 0.9 (confident imitation of the supervisor's errors).
  double confidentAgree = std::numeric_limits<double>::quiet_NaN();
  /// Misfit and gain against the supervisor whose labels it trained on, on test (MisfitGain.h);
  /// nullopt without stored test probabilities of both.
  std::optional<MisfitGain> misfit;
  /// Early stopping by agreement with the weak labels of a held-out weak-labelled split (no
  /// ground truth used): test accuracy at the evaluation that agreed most. The oracle early stop
  /// (best test accuracy, ground truth used) is w2sBestAcc / pgrBest.
  double w2sEarlyAcc = std::numeric_limits<double>::quiet_NaN();
  int64_t w2sEarlyStep = -1;  ///< -1: the student had no validation split
  std::optional<double> pgrEarly;
};

/// Every finished student of a sweep (or of the whole store) whose supervisor and ceiling are done.
/// Of students with identical labels (the same cell, method and seed under two plans, e.g. before
/// and after a version changed their settings) only the last linked one is taken.
std::vector<StudentOutcome> collectOutcomes(const RunStore& store,
                                            std::optional<int64_t> sweepId = std::nullopt);

/// How reports and `w2s compare` name a group of students: the loss label for direct students,
/// "LOSS+METHOD" otherwise (e.g. "xent+bootstrap").
std::string methodName(const std::string& loss, const std::string& method);

/// Outcomes grouped over seeds (see aggregate()).
struct ReportRow {
  std::string task, view, weakSize, strongSize, loss;
  std::string method = "direct";   ///< StudentOutcome::method; part of the grouping
  int chainSteps = 1;              ///< StudentOutcome::chainSteps; part of the grouping
  std::string labelSource;         ///< StudentOutcome::labelSource; part of the grouping
  std::string earlyStop = "none";  ///< StudentOutcome::earlyStop; part of the grouping
  int64_t weakParams = 0, strongParams = 0;
  double sizeGap = 0.0;
  MeanCi weakAcc, ceilingAcc, w2sAcc, w2sBestAcc;
  /// PGR over seeds: the ratio of mean gains with its interval (mean = ratio, n = seeds with
  /// three finite accuracies); the details, the per-seed mean and median, and the unstable
  /// flag are in pgrSeeds (pgrAcrossSeeds, Stats.h). The same for pgrBest, pgrAuroc, pgrEarly.
  MeanCi pgr;
  PgrAcrossSeeds pgrSeeds;
  MeanCi pgrBest;
  PgrAcrossSeeds pgrBestSeeds;
  int pgrUndefined = 0;  ///< seeds where the per-seed PGR is undefined (ceiling <= weak)
  MeanCi agreeAll, agreeRight, agreeWrong;
  int seeds = 0;
  std::vector<std::string> studentHashes;  ///< the grouped students, one per seed, in input order
  MeanCi weakAuroc, ceilingAuroc, w2sAuroc;
  MeanCi pgrAuroc;
  PgrAcrossSeeds pgrAurocSeeds;
  int pgrAurocUndefined = 0;
  MeanCi w2sEce, confidentAgree;
  MeanCi w2sEarlyAcc, pgrEarly;  ///< early stop by weak agreement (students with a val split)
  PgrAcrossSeeds pgrEarlySeeds;
};

/// How aggregate() computes confidence intervals over seeds.
enum class CiMethod {
  StudentT,   ///< two-sided Student-t interval (meanCi)
  Bootstrap,  ///< percentile bootstrap of the mean (of the ratio for PGR, resampling seeds),
              ///< 10,000 resamples, seed 0; approximate: too narrow below about 10 seeds
};

/// Below this many seeds a bootstrap interval is labelled approximate (docs/science.md).
constexpr int kBootstrapMinSeeds = 10;

/// Groups outcomes by task, view, weak and strong size, loss, method, chain steps, label source
/// and early-stop mode; rows sorted by task, view, weak params, strong params, loss, method.
std::vector<ReportRow> aggregate(const std::vector<StudentOutcome>& outcomes, double level = 0.95,
                                 CiMethod ci = CiMethod::StudentT);

}  // namespace w2s
