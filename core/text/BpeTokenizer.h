#pragma once
// Byte-level BPE: every byte string encodes (no unknown token) and decodes back exactly.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace w2s {

/// Byte-level byte-pair-encoding tokenizer trained on a corpus. Token ids: 0..3 the special
/// tokens <pad> <bos> <eos> <cls> (never produced by encode, so <pad> = 0 cannot collide with
/// text), 4..259 the 256 bytes, then one id per merge in the order learned. Merges never cross
/// the boundaries of pre-tokenized words (see preTokenize).
/// thread-safety: a trained tokenizer is immutable; encode/decode are safe from any thread.
class BpeTokenizer {
 public:
  static constexpr int32_t kPad = 0;
  static constexpr int32_t kBos = 1;
  static constexpr int32_t kEos = 2;
  static constexpr int32_t kCls = 3;
  static constexpr int32_t kNumSpecial = 4;
  static constexpr int32_t kFirstMerge = kNumSpecial + 256;

  /// A tokenizer with no merges (bytes only).
  BpeTokenizer();

  /// Learns merges on `texts` until the vocabulary holds `vocabSize` tokens (specials and bytes
  /// included) or no pair occurs `minPairCount` times. Deterministic: ties go to the smallest
  /// pair of ids. Throws std::invalid_argument when vocabSize < kFirstMerge.
  static BpeTokenizer train(const std::vector<std::string>& texts, int vocabSize,
                            int64_t minPairCount = 2);

  /// Token ids of `text` (no special tokens added).
  std::vector<int32_t> encode(const std::string& text) const;
  /// encode() of each text, sharing one word cache (faster on a corpus).
  std::vector<std::vector<int32_t>> encodeAll(const std::vector<std::string>& texts) const;
  /// The bytes of `ids` concatenated; special tokens decode to nothing. Throws
  /// std::out_of_range for an id outside the vocabulary.
  std::string decode(const std::vector<int32_t>& ids) const;

  /// Number of token ids (specials + bytes + merges).
  int vocabSize() const { return static_cast<int>(tokens_.size()); }
  /// The merges in the order learned: merge i makes token kFirstMerge + i.
  const std::vector<std::pair<int32_t, int32_t>>& merges() const { return merges_; }
  /// Bytes of token `id` ("<pad>" etc. for the specials).
  const std::string& tokenBytes(int32_t id) const { return tokens_.at(id); }

  /// {"type": "byte-bpe", "version": 1, "specials": [...], "merges": [[a, b], ...]}.
  nlohmann::json toJson() const;
  /// Parses toJson() output; `where` prefixes errors (DataError naming the bad field).
  static BpeTokenizer fromJson(const nlohmann::json& j, const std::string& where);
  /// Writes toJson() to `path` atomically (IoError on failure, `path` left as it was).
  void save(const std::string& path) const;
  /// Reads a file written by save(); throws DataError naming the file.
  static BpeTokenizer load(const std::string& path);

  bool operator==(const BpeTokenizer& o) const { return merges_ == o.merges_; }

  /// Splits `text` into the words merges stay within: runs of letters (bytes >= 0x80 count as
  /// letters, so UTF-8 characters stay whole), of digits, or of other symbols, each taking one
  /// preceding space; runs of whitespace. Concatenating the words gives `text` back.
  static std::vector<std::string> preTokenize(const std::string& text);

 private:
  void addMerge(int32_t a, int32_t b);
  std::vector<int32_t> encodeWord(const std::string& word) const;

  std::vector<std::pair<int32_t, int32_t>> merges_;
  std::vector<std::string> tokens_;                  // bytes of each id
  std::unordered_map<uint64_t, int32_t> mergeRank_;  // pairKey(a, b) -> index in merges_
};

}  // namespace w2s
