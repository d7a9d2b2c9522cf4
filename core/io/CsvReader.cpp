#include "core/io/CsvReader.h"

#include "core/util/Error.h"

namespace w2s {

CsvReader::CsvReader(const std::string& path, char delimiter)
    : path_(path), buffer_(1 << 16), delimiter_(delimiter) {
  in_.rdbuf()->pubsetbuf(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  in_.open(path, std::ios::binary);
  if (!in_) throw DataError(path + ": cannot open CSV file for reading");
  // Skip a UTF-8 byte-order mark (spreadsheet programs write one).
  if (peek() == 0xEF) {
    in_.get();
    if (peek() == 0xBB) {
      in_.get();
      if (peek() == 0xBF) {
        in_.get();
        return;
      }
    }
    in_.clear();
    in_.seekg(0);
  }
}

void CsvReader::nulByte(int64_t line, int64_t column) const {
  throw DataError(path_ + ": line " + std::to_string(line) + ", column " + std::to_string(column) +
                  ": expected text, got a NUL byte (a binary or UTF-16 file?)");
}

int CsvReader::get() { return in_.rdbuf()->sbumpc(); }
int CsvReader::peek() { return in_.rdbuf()->sgetc(); }

bool CsvReader::next(std::vector<std::string>& fields) {
  constexpr int kEof = std::char_traits<char>::eof();
  fields.clear();
  // Skip blank lines between records.
  for (;;) {
    const int c = peek();
    if (c == kEof) return false;
    if (c == '\n') {
      get();
      ++currentLine_;
    } else if (c == '\r') {
      get();
      if (peek() == '\n') get();
      ++currentLine_;
    } else {
      break;
    }
  }
  recordLine_ = currentLine_;
  std::string field;
  int64_t column = 1;  // 1-based byte column on the current line, for error messages
  for (;;) {
    field.clear();
    if (peek() == '"') {
      const int64_t openLine = currentLine_;
      const int64_t openColumn = column;
      get();
      ++column;
      for (;;) {
        const int c = get();
        if (c == kEof) {
          throw DataError(path_ + ": line " + std::to_string(openLine) + ", column " +
                          std::to_string(openColumn) +
                          ": quoted field is not closed before the end of the file");
        }
        ++column;
        if (c == '"') {
          if (peek() == '"') {
            get();
            ++column;
            field.push_back('"');
            continue;
          }
          break;
        }
        if (c == '\n') {
          ++currentLine_;
          column = 1;
        }
        if (c == '\0') nulByte(currentLine_, column - 1);
        field.push_back(static_cast<char>(c));
      }
      const int after = peek();
      if (after != delimiter_ && after != '\n' && after != '\r' && after != kEof) {
        throw DataError(path_ + ": line " + std::to_string(currentLine_) + ", column " +
                        std::to_string(column) + ": expected '" + std::string(1, delimiter_) +
                        "' or a line end after a closing quote, got '" +
                        std::string(1, static_cast<char>(after)) + "'");
      }
    } else {
      for (int c = peek(); c != kEof && c != delimiter_ && c != '\n' && c != '\r'; c = peek()) {
        if (c == '\0') nulByte(currentLine_, column);
        field.push_back(static_cast<char>(get()));
        ++column;
      }
    }
    fields.push_back(field);
    const int end = get();
    ++column;
    if (end == delimiter_) continue;
    if (end == '\r' && peek() == '\n') get();
    if (end != kEof) ++currentLine_;
    return true;
  }
}

}  // namespace w2s
