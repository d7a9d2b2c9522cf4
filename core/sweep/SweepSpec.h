#pragma once
// The sweep file (docs/sweep-format.md): what to cross, on which task, with which settings.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/data/TaskSpec.h"
#include "core/data/View.h"
#include "core/models/ModelSpec.h"
#include "core/sweep/MethodOptions.h"
#include "core/train/PretrainConfig.h"
#include "core/train/TrainConfig.h"

namespace w2s {

struct SweepSpec {
  std::string name;
  TaskSpec task;
  std::vector<ModelSpec> ladder;         ///< every size the sweep may use, by name
  std::vector<std::string> weakSizes;    ///< names from the ladder
  std::vector<std::string> strongSizes;  ///< names from the ladder
  /// Which (weak, strong) pairs get students: "weak<=strong" (by parameter count, same size
  /// included, the reference sweep), "weak<strong", or "all".
  std::string pairs = "weak<=strong";
  std::vector<ViewSpec> views;  ///< supervisor views; default one clean view
  std::vector<LossSpec> losses;
  std::vector<uint64_t> seeds;
  TrainConfig train;                              ///< defaults for every job
  std::map<std::string, nlohmann::json> perSize;  ///< size name -> partial TrainConfig override
  std::string device = "auto";
  /// Settings of the pretrain jobs of the ladder's "pretrained" sizes (one job per size).
  PretrainConfig pretrain;
  MethodOptions methods;  ///< early_stop, bootstrap, label_sources, probe_combos
  nlohmann::json raw;     ///< the file as given
  std::string source = "sweep";  ///< where it was read from: errors found when planning name it

  // Parsing reads no data and builds no model: whether the ladder and the views fit the task
  // (input shape, classes, vocabulary) is checked when planning (planSweep), from the task's
  // shape, once.

  /// Parses and validates; every error names `source`, the field path and what was expected.
  /// Relative input file paths are made absolute against `baseDir` (empty: the current folder).
  static SweepSpec fromJson(const nlohmann::json& j, const std::string& source = "sweep",
                            const std::string& baseDir = "");
  /// Reads and parses a file; errors name the file (and line/column for JSON syntax errors).
  static SweepSpec fromFile(const std::string& path);

  /// The ladder member named `size` (throws SpecError if unknown).
  const ModelSpec& model(const std::string& size) const;
  /// train merged with perSize[size].
  TrainConfig trainFor(const std::string& size) const;
};

}  // namespace w2s
