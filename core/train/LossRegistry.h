#pragma once
// The student losses a sweep can name, each described once: its name, what it does, its
// options with defaults and ranges, and how to build it. The sweep parser, the JSON of a job,
// the designer's loss table, `w2s losses` and the table of docs/sweep-format.md all read this
// registry. docs/extending.md: adding a loss is one source file and one line in LossRegistry.cpp.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/train/Losses.h"

namespace w2s {

/// A number a loss reads from its spec (LossSpec::option).
struct LossOption {
  std::string key;    ///< JSON field, e.g. "aux_coef"
  std::string label;  ///< the designer's column header, e.g. "Aux coef"
  std::string doc;    ///< one line: what it changes
  double defaultValue = 0;
  double min = 0;      ///< smallest allowed value (excluded when minOpen)
  double max = 1e300;  ///< largest allowed value
  bool minOpen = false;
  bool integer = false;  ///< written to JSON as an integer
};

struct LossInfo {
  std::string name;
  std::string summary;  ///< one line for the docs and the designer
  std::vector<LossOption> options;
  /// Whether `hard_labels` (argmax of the weak labels) makes sense with this loss.
  bool allowsHardLabels = true;
  /// Bumped when the loss's definition changes under the same name: a job's config records a
  /// non-zero revision, so results stored under the old definition are not reused.
  int revision = 0;
  std::function<std::unique_ptr<Loss>(const LossSpec&)> make;
};

/// Every registered loss, in the order of LossRegistry.cpp.
const std::vector<LossInfo>& lossRegistry();
/// The loss called `name`, or nullptr.
const LossInfo* findLoss(const std::string& name);
/// "'xent', 'logconf', ... or 'window'" for error messages.
std::string lossNameList();
/// The options of every loss, each key once (first registration wins), for the designer.
std::vector<LossOption> allLossOptions();
/// Options shared by logconf and entropy: aux_coef (final α) and warmup_frac (its ramp).
LossOption auxCoefOption();
LossOption warmupFracOption();
/// The radius of window and window_labels (rows kept below confidence 0.5 + radius), each with
/// its own default.
LossOption windowRadiusOption(double defaultValue);

/// Markdown tables of the losses and their options (docs/sweep-format.md holds this text).
std::string lossTableMarkdown();

}  // namespace w2s
