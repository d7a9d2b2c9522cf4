#pragma once
// SHA-256 (GNU Nettle) of bytes and of files: job hashes and the digests of a sweep's input files.
#include <string>

namespace w2s {

/// Lower-case hex SHA-256 of `bytes` (64 chars).
std::string sha256Hex(const std::string& bytes);

/// Hex SHA-256 of a file's contents, read in chunks. Cached per process by (absolute path, size,
/// modification time), so a sweep that names one file in many jobs reads it once, and an edited
/// file is read again. Throws DataError naming the file. thread-safety: any thread.
std::string fileSha256(const std::string& path);

}  // namespace w2s
