#include "core/util/Sha256.h"

#include <nettle/sha2.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

#include "core/util/Error.h"

namespace w2s {

namespace {

std::string hex(const uint8_t* digest, size_t n) {
  static const char* const kDigits = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[digest[i] >> 4];
    out[2 * i + 1] = kDigits[digest[i] & 15];
  }
  return out;
}

}  // namespace

std::string sha256Hex(const std::string& bytes) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data()));
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
  return hex(digest, SHA256_DIGEST_SIZE);
}

std::string fileSha256(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path abs = fs::absolute(path, ec);
  const auto size = fs::file_size(abs, ec);
  if (ec) throw DataError(path + ": cannot read the file to hash its contents: " + ec.message());
  const auto mtime = fs::last_write_time(abs, ec).time_since_epoch().count();
  using Key = std::tuple<std::string, uintmax_t, int64_t>;
  static std::mutex mutex;
  static std::map<Key, std::string> cache;
  const Key key{abs.string(), size, static_cast<int64_t>(mtime)};
  {
    std::lock_guard<std::mutex> lock(mutex);
    const auto it = cache.find(key);
    if (it != cache.end()) return it->second;
  }
  std::ifstream in(abs, std::ios::binary);
  if (!in) throw DataError(path + ": cannot open the file to hash its contents");
  sha256_ctx ctx;
  sha256_init(&ctx);
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const std::streamsize got = in.gcount();
    if (got > 0)
      sha256_update(&ctx, static_cast<size_t>(got), reinterpret_cast<uint8_t*>(buf.data()));
  }
  if (in.bad()) throw DataError(path + ": read error while hashing its contents");
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
  const std::string h = hex(digest, SHA256_DIGEST_SIZE);
  std::lock_guard<std::mutex> lock(mutex);
  cache[key] = h;
  return h;
}

}  // namespace w2s
