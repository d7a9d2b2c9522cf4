#pragma once
// RFC 4180 CSV reader. Debian's C++ CSV parsers were not a fit: libfccp-dev fixes the column count
// at compile time and libcsv-dev reports neither lines nor columns, which our errors must name.
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace w2s {

/// Reads CSV records one at a time: quoted fields with "" escapes and embedded newlines, CRLF or
/// LF line ends, a leading UTF-8 byte-order mark skipped, blank lines skipped. Unquoted fields are
/// taken literally (a stray quote inside one is kept). thread-safety: one thread per reader.
class CsvReader {
 public:
  /// Opens `path`; throws DataError naming it when it cannot be read.
  explicit CsvReader(const std::string& path, char delimiter = ',');

  /// Reads the next record into `fields`; false at end of file. Throws DataError naming the file,
  /// line and column when a quoted field is malformed or not closed, or a field holds a NUL byte.
  bool next(std::vector<std::string>& fields);

  /// 1-based line on which the record last returned by next() starts.
  int64_t line() const { return recordLine_; }
  /// Path the reader was opened on (for error messages).
  const std::string& path() const { return path_; }

 private:
  [[noreturn]] void nulByte(int64_t line, int64_t column) const;
  int get();
  int peek();

  std::string path_;
  std::vector<char> buffer_;  // declared before in_: the stream uses it until it is destroyed
  std::ifstream in_;
  char delimiter_;
  int64_t currentLine_ = 1;
  int64_t recordLine_ = 0;
};

}  // namespace w2s
