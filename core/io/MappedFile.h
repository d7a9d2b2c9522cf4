#pragma once
// Read-only memory map of a whole file (POSIX mmap), so large files are parsed without copying.
#include <cstddef>
#include <string>

namespace w2s {

/// A file mapped read-only into memory; unmapped on destruction. Move-only.
/// thread-safety: concurrent reads of data() are safe.
class MappedFile {
 public:
  /// Maps `path`; throws DataError naming the path when it cannot be opened or mapped.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  /// First byte of the file (nullptr for an empty file).
  const char* data() const { return data_; }
  /// Size of the file in bytes.
  size_t size() const { return size_; }
  /// Path the file was opened from.
  const std::string& path() const { return path_; }

 private:
  void release();

  std::string path_;
  const char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace w2s
