#include "core/data/Idx.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>

#include "core/util/Error.h"

namespace w2s {

namespace {

constexpr uint8_t kUbyteType = 0x08;
// A corrupt header must not make us allocate terabytes; real IDX files are far below this.
constexpr uint64_t kMaxBytes = uint64_t{1} << 34;
// deflate expands at most ~1032:1, so a file of n bytes cannot hold more than this many.
constexpr uint64_t kMaxInflation = 1032;
// The data grows by this much as it is read: never by the size the header declares.
constexpr uint64_t kChunk = uint64_t{1} << 20;

std::string hex(uint32_t v, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%0*X", digits, v);
  return buf;
}
std::string hex32(uint32_t v) { return hex(v, 8); }

std::string missingHint(const std::string& path) {
  const std::string debianDir = "/usr/share/datasets/fashion-mnist";
  if (path.compare(0, debianDir.size(), debianDir) == 0) {
    return " (install Fashion-MNIST with `apt-get install dataset-fashion-mnist`, or point "
           "W2S_FASHION_MNIST_DIR at a folder holding the IDX files)";
  }
  return "";
}

/// Closes the gzFile on every exit path.
class GzFile {
 public:
  explicit GzFile(const std::string& path) : f_(gzopen(path.c_str(), "rb")) {}
  ~GzFile() {
    if (f_) gzclose(f_);
  }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;
  gzFile get() const { return f_; }

 private:
  gzFile f_;
};

/// Reads up to n bytes; returns the count read. Throws on a zlib error other than a cut stream.
uint64_t readBytes(gzFile f, uint8_t* out, uint64_t n, const std::string& path) {
  uint64_t got = 0;
  while (got < n) {
    const uint64_t chunk = std::min<uint64_t>(n - got, 1u << 30);
    const int r = gzread(f, out + got, static_cast<unsigned>(chunk));
    if (r < 0) {
      int code = 0;
      const char* msg = gzerror(f, &code);
      // Z_BUF_ERROR = the compressed stream ended early: report as truncation.
      if (code == Z_BUF_ERROR) return got;
      throw DataError(path + ": corrupt gzip data after " + std::to_string(got) +
                      " bytes (zlib: " + (msg ? msg : "unknown error") + ")");
    }
    if (r == 0) break;
    got += static_cast<uint64_t>(r);
  }
  return got;
}

uint32_t bigEndian32(const uint8_t* b) {
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
}

}  // namespace

IdxArray readIdx(const std::string& path, uint32_t expectedMagic) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw DataError(path + ": file not found" + missingHint(path));
  }
  errno = 0;
  GzFile file(path);
  if (!file.get()) {
    throw DataError(path + ": cannot open (" + std::string(std::strerror(errno ? errno : EIO)) +
                    ")");
  }

  uint8_t head[4];
  if (readBytes(file.get(), head, 4, path) < 4) {
    throw DataError(path + ": truncated IDX header (expected a 4-byte magic number)");
  }
  const uint32_t magic = bigEndian32(head);
  if (expectedMagic != 0 && magic != expectedMagic) {
    throw DataError(path + ": wrong IDX magic number: expected " + hex32(expectedMagic) +
                    ", found " + hex32(magic));
  }
  if (head[0] != 0 || head[1] != 0) {
    throw DataError(path + ": not an IDX file: magic " + hex32(magic) +
                    " should start with two zero bytes");
  }
  if (head[2] != kUbyteType) {
    throw DataError(path + ": IDX data type " + hex(head[2], 2) +
                    " is not supported (expected 0x08, unsigned byte)");
  }
  const int ndims = head[3];
  if (ndims < 1) throw DataError(path + ": IDX header declares 0 dimensions (expected >= 1)");

  std::vector<uint8_t> dimBytes(static_cast<size_t>(ndims) * 4);
  if (readBytes(file.get(), dimBytes.data(), dimBytes.size(), path) < dimBytes.size()) {
    throw DataError(path + ": truncated IDX header (expected " + std::to_string(ndims) +
                    " dimension sizes)");
  }
  IdxArray out;
  uint64_t total = 1;
  for (int i = 0; i < ndims; ++i) {
    const uint32_t d = bigEndian32(&dimBytes[static_cast<size_t>(i) * 4]);
    if (d > static_cast<uint32_t>(std::numeric_limits<int32_t>::max())) {
      throw DataError(path + ": IDX dimension " + std::to_string(i) + " is " + std::to_string(d) +
                      " (too large)");
    }
    out.dims.push_back(static_cast<int32_t>(d));
    if (__builtin_mul_overflow(total, uint64_t{d}, &total) || total > kMaxBytes) {
      throw DataError(path + ": IDX header declares more than " + std::to_string(kMaxBytes) +
                      " bytes of data (corrupt header?)");
    }
  }

  const uint64_t fileSize = std::filesystem::file_size(path, ec);
  if (!ec && total > (fileSize + 64) * kMaxInflation) {
    throw DataError(path + ": IDX header declares " + std::to_string(total) +
                    " bytes of data, more than a file of " + std::to_string(fileSize) +
                    " bytes can hold (truncated or corrupt file)");
  }
  // Grow as the data arrives, so a header that lies costs at most what the stream holds.
  uint64_t got = 0;
  while (got < total) {
    const uint64_t want = std::min(kChunk, total - got);
    out.data.resize(static_cast<size_t>(got + want));
    const uint64_t n = readBytes(file.get(), out.data.data() + got, want, path);
    got += n;
    if (n < want) break;
  }
  out.data.resize(static_cast<size_t>(got));
  if (got < total) {
    throw DataError(path + ": truncated IDX data: expected " + std::to_string(total) +
                    " bytes, got " + std::to_string(got));
  }
  return out;
}

}  // namespace w2s
