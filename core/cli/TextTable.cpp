#include "core/cli/TextTable.h"

#include <algorithm>
#include <ostream>
#include <sstream>

#include "core/util/Error.h"

namespace w2s {

size_t textColumns(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string wrapText(const std::string& text, size_t width) {
  std::istringstream words(text);
  std::string out, line, word;
  while (words >> word) {
    if (!line.empty() && textColumns(line) + 1 + textColumns(word) > width) {
      out += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += line + "\n";
  return out;
}

TextTable::TextTable(std::vector<std::string> header) : header_(std::move(header)) {}

void TextTable::addRow(std::vector<std::string> cells) {
  if (cells.size() > header_.size()) {
    throw Error("TextTable: a row of " + std::to_string(cells.size()) + " cells under " +
                std::to_string(header_.size()) + " columns");
  }
  cells.resize(header_.size());
  rows_.push_back({std::move(cells), false});
}

void TextTable::addLine(std::string line) { rows_.push_back({{std::move(line)}, true}); }

std::vector<size_t> TextTable::widths() const {
  std::vector<size_t> w(header_.size());
  for (size_t c = 0; c < header_.size(); ++c) w[c] = textColumns(header_[c]);
  for (const Row& r : rows_) {
    if (r.line) continue;
    for (size_t c = 0; c < r.cells.size(); ++c) w[c] = std::max(w[c], textColumns(r.cells[c]));
  }
  return w;
}

size_t TextTable::width() const {
  const std::vector<size_t> w = widths();
  size_t total = w.empty() ? 0 : w.size() - 1;
  for (size_t v : w) total += v;
  return total;
}

void TextTable::write(std::ostream& out) const {
  const std::vector<size_t> w = widths();
  auto writeCells = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (size_t c = 0; c < cells.size(); ++c) {
      text += cells[c];
      if (c + 1 < cells.size()) text += std::string(w[c] - textColumns(cells[c]) + 1, ' ');
    }
    // Trailing spaces of empty last cells are not worth keeping.
    text.erase(text.find_last_not_of(' ') + 1);
    out << text << "\n";
  };
  writeCells(header_);
  for (const Row& r : rows_) {
    if (r.line) {
      out << r.cells.front() << "\n";
    } else {
      writeCells(r.cells);
    }
  }
}

}  // namespace w2s
