#pragma once
// User data imported as a task: CSV or JSON Lines rows with a text column or numeric feature
// columns, and a label column.
#include <cstdint>
#include <string>
#include <vector>

#include "core/text/TextCorpus.h"

namespace w2s {

/// Which columns (CSV) or fields (JSONL) hold what.
struct ImportSpec {
  std::string textColumn;  ///< non-empty: a text task reading this column
  /// Numeric task (textColumn empty): these columns; empty = every column except the label.
  /// In JSONL a field may hold an array of numbers, flattened in order.
  std::vector<std::string> featureColumns;
  std::string labelColumn = "label";
};

/// Imported rows. Class ids: when every label is an integer 0..K-1 the id is that integer (K at
/// most the number of rows, or 2: a larger label is an error naming its row);
/// otherwise the distinct label values in sorted order (so "ham"/"spam" -> 0/1).
struct ImportedTable {
  std::vector<TextExample> texts;  ///< text task: one per row (id = data row, 0-based)
  std::vector<float> features;     ///< numeric task: row-major [rows, numFeatures()]
  std::vector<std::string>
      featureNames;                     ///< numeric task: one name per feature ("x[3]" for arrays)
  std::vector<int> labels;              ///< class id per row
  std::vector<std::string> classNames;  ///< class id -> label value as written in the file

  /// Number of rows imported.
  int64_t rows() const { return static_cast<int64_t>(labels.size()); }
  /// Features per row (0 for a text task).
  int64_t numFeatures() const { return static_cast<int64_t>(featureNames.size()); }
  /// True for a text task.
  bool isText() const { return featureNames.empty(); }
};

/// Imports a CSV file with a header line. Throws DataError naming the file, the line a bad row
/// starts on and the column (missing column, wrong field count, a value that is not a finite
/// number, an empty label).
ImportedTable importCsv(const std::string& path, const ImportSpec& spec);

/// Imports a JSON Lines file (one JSON object per line; blank lines skipped). Throws DataError
/// naming the file, line and field.
ImportedTable importJsonl(const std::string& path, const ImportSpec& spec);

}  // namespace w2s
