#pragma once
// Plain-text tables for the terminal reports (`w2s report`, `w2s compare`): columns as wide as
// their widest cell, one space between them, so rows stay aligned whatever the labels are.
#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace w2s {

/// Terminal columns of UTF-8 text ("±" is one column, two bytes).
size_t textColumns(const std::string& text);

/// `text` broken at spaces into lines of at most `width` columns (a longer word gets a line of
/// its own), each ended by a newline.
std::string wrapText(const std::string& text, size_t width);

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header);
  /// A row of cells; fewer cells than the header leaves the rest empty, more is an error.
  void addRow(std::vector<std::string> cells);
  /// A line of its own between rows (e.g. "task fashion_mnist"), not part of any column.
  void addLine(std::string line);
  /// Header and rows, every column padded to its widest cell; the last column is not padded.
  void write(std::ostream& out) const;
  /// The width write() gives a row (widths plus separators).
  size_t width() const;

 private:
  struct Row {
    std::vector<std::string> cells;
    bool line = false;
  };
  std::vector<size_t> widths() const;
  std::vector<std::string> header_;
  std::vector<Row> rows_;
};

}  // namespace w2s
