#pragma once
// Field-by-field comparison of two runs (config, labels and results), for "compare runs".
#include <QString>
#include <vector>

#include "core/store/RunStore.h"

namespace w2s {

struct FieldDiff {
  QString field;  ///< "train.lr", "labels.loss", "final_acc" ...
  QString a, b;   ///< display values ("" when the run lacks the field)
  bool differs = false;
};

/// Every field of either run, sorted by name (results first); `differs` marks unequal values.
std::vector<FieldDiff> diffRuns(const JobRecord& a, const JobRecord& b);

}  // namespace w2s
