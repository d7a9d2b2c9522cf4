#pragma once
// Sweep fields of the methods beyond the plain weak x strong cross (docs/sweep-format.md,
// "Methods"): early stopping, bootstrapping, synthetic label sources, probe/finetune combinations.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/View.h"

namespace w2s {

/// A synthetic supervisor: labels made from ground truth with a chosen accuracy and error
/// structure, in place of a trained weak model (docs/science.md, "Error structure").
///  "random_flips": the wrong examples are random, their label a random other class;
///  "class_confusion": the wrong examples come from the lowest class ids first, each labelled
///    as the next class (c -> c+1 mod C): a systematic confusion;
///  "view": the wrong examples are those a nearest-class-mean classifier on the supervisor's
///    degraded view finds most confusable, labelled with its runner-up class.
struct LabelSourceSpec {
  std::string name;  ///< display label; defaults to the type
  std::string type = "random_flips";
  double accuracy = 0.75;  ///< share of correct labels, exact on half B and on test
  ViewSpec view;           ///< "view" only; default noise with sigma 1

  /// The fields that determine the labels (name excluded), for hashing.
  nlohmann::json toJson() const;
  static LabelSourceSpec fromJson(const nlohmann::json& j, const std::string& where);
};

/// The sweep's method fields; defaults plan the plain sweep.
struct MethodOptions {
  /// "early_stop": {"val_frac": f}: students hold out this fraction of half B, keep its weak
  /// labels aside and record agreement with them at every evaluation. 0 = off.
  double earlyStopValFrac = 0.0;
  /// "bootstrap": true plans chains weak -> M1 -> ... -> strong through the strong sizes between.
  bool bootstrap = false;
  /// "label_sources": synthetic supervisors, each crossed with strong sizes, losses and seeds.
  std::vector<LabelSourceSpec> labelSources;
  /// "student_iterations": N plans, per selected pair, N students of the strong size in a row,
  /// each trained on the labels of the one before (the first on the weak model's). 0 = off.
  int studentIterations = 0;
  /// "probe_combos": true adds, per pair, lp(weak) (a head-only student), "ft(weak) then lp(gt)"
  /// (the direct student's backbone, frozen, under a head trained on ground truth) and, per strong
  /// size, lp(gt) (a head-only ceiling); ft(weak) and ft(gt) are the direct student and ceiling.
  bool probeCombos = false;
};

/// Top-level keys parseMethodOptions reads: the methods' registry keys (MethodPlanner.h).
const std::vector<std::string>& methodOptionKeys();

/// Reads the method fields of a sweep object `j`; errors name `source` and the field path.
MethodOptions parseMethodOptions(const nlohmann::json& j, const std::string& source);

}  // namespace w2s
