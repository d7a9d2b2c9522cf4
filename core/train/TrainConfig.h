#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

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

/// Training loss of a student (SCIENCE.md, "Losses").
///  "xent": CE to soft labels.  "logconf": auxiliary confidence loss with adaptive threshold.
///  "product": CE to normalize(p^beta * y^alpha).
///  Beyond the paper (core/train/ExtraLosses.h): "kl": KL to the soft labels; "entropy":
///  (1 - alpha) CE + alpha H(p), logconf without hardening; "window": CE on the examples whose
///  largest weak-label probability is below 0.5 + radius.
struct LossSpec {
  std::string name = "xent";
  double auxCoef = 0.5;     ///< logconf: final weight alpha of the hardened self-prediction
  double warmupFrac = 0.2;  ///< logconf: alpha ramps linearly 0 -> auxCoef over this fraction
  /// logconf: 0 = hardening threshold from the current batch; N > 0 = from the last N
  /// predictions (the current batch and as many before it as fit), as EleutherAI's buffer.
  int bufferPredictions = 0;
  double alpha = 1.0;       ///< product: exponent of the weak labels
  double beta = 1.0;        ///< product: exponent of the student's probabilities
  bool hardLabels = false;  ///< train on argmax of the weak labels instead of the soft labels
  double radius = 0.2;      ///< window: keep examples whose max weak probability < 0.5 + radius

  /// Display label, e.g. "logconf" or "xent(hard)".
  std::string label() const;
  nlohmann::json toJson() const;
  /// Accepts a string ("xent") or an object ({"name": "logconf", "aux_coef": 0.75}).
  static LossSpec fromJson(const nlohmann::json& j, const std::string& where);
};

}  // namespace w2s
