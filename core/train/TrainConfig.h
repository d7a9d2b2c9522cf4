#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace w2s {

/// Optimiser and schedule. Adam; lr cosine-annealed to 0 over all steps, or constant.
struct TrainConfig {
  double lr = 1e-3;
  int epochs = 2;
  int batchSize = 64;
  double weightDecay = 0.0;
  std::string schedule = "cosine";  ///< "cosine" | "constant"
  int evalEvery = 50;               ///< steps between test evaluations (and one at the end)
  /// "finetune" (every parameter trains) | "linear_probe" (only the head trains; the backbone,
  /// every parameter not named "head.*", is frozen) | "head_then_full" (headEpochs epochs of
  /// linear probe, then `epochs` of finetuning).
  std::string mode = "finetune";
  int headEpochs = 1;  ///< head_then_full: epochs of the head-only phase
  /// Skip each epoch's last batch when it is smaller than batch_size (as the reference code
  /// does). Unset in a sweep means "auto": on for students trained with logconf, whose
  /// hardening threshold a batch of a few examples sets from the prior alone, off otherwise.
  /// The planner resolves it per job (resolveDropLast); a job's config holds it only when on.
  std::optional<bool> dropLast;

  nlohmann::json toJson() const;
  /// Parses a (possibly partial) object on top of `base`; throws SpecError naming the field.
  static TrainConfig fromJson(const nlohmann::json& j, const std::string& where,
                              const TrainConfig& base);
  static TrainConfig fromJson(const nlohmann::json& j, const std::string& where);
};

/// Training loss of a student (SCIENCE.md, "Losses"; docs/sweep-format.md lists them). Which
/// losses exist, their options, defaults and ranges are in core/train/LossRegistry.cpp.
struct LossSpec {
  std::string name = "xent";
  bool hardLabels = false;  ///< train on argmax of the weak labels instead of the soft labels
  /// Values of the loss's registered options that differ from, or were given over, the defaults;
  /// option() falls back to the registered default.
  std::map<std::string, double> options;

  /// The value of the loss's option `key`: as set, else its registered default. Throws
  /// std::logic_error when the loss has no such option (a programming error, not user input).
  double option(const std::string& key) const;
  /// The spec of loss `name` with every option at its default; SpecError for an unknown name.
  static LossSpec named(const std::string& name);
  /// Display label, e.g. "logconf" or "xent(hard)".
  std::string label() const;
  /// name, hard_labels and every option of the loss (defaults included), so equal losses hash
  /// equally; options of other losses never appear.
  nlohmann::json toJson() const;
  /// Accepts a string ("xent") or an object ({"name": "logconf", "aux_coef": 0.75}). Options of
  /// other losses are accepted and ignored; the loss's own are range-checked.
  static LossSpec fromJson(const nlohmann::json& j, const std::string& where);
};

}  // namespace w2s
