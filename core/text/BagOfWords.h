#pragma once
// Classic text features: hashed word and character n-grams weighted by TF-IDF, the baseline any
// text experiment is compared with.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace w2s {

/// True for the bytes words are made of: ASCII letters and digits, and every non-ASCII byte (so
/// UTF-8 letters stay inside words).
bool isWordByte(unsigned char c);

/// The runs of word bytes of `text`, as written ("It's 2024" -> It, s, 2024).
std::vector<std::string> textWords(const std::string& text);

/// What a bag of words counts.
struct BowOptions {
  int buckets = 16384;  ///< feature width: n-grams are hashed (FNV-1a) into this many columns
  int wordNgrams = 2;   ///< word n-grams of length 1 … wordNgrams (lowercased words)
  int charNgrams = 0;   ///< character n-grams of length 3 … charNgrams inside " word "; 0 = none
};

/// The hashed n-gram buckets of one text, one entry per occurrence (repeats kept).
std::vector<int64_t> bowBuckets(const std::string& text, const BowOptions& options);

/// TF-IDF over hashed n-grams, fitted on a corpus: tf = 1 + ln(count), idf = ln((1 + n) /
/// (1 + df)) + 1 (smoothed, as scikit-learn's TfidfVectorizer), each row scaled to unit L2 norm
/// (a text without words is the zero row).
class BagOfWords {
 public:
  /// Document frequencies of `texts` (the training split: test texts never set the weights).
  static BagOfWords fit(const std::vector<std::string>& texts, const BowOptions& options);

  /// float32 [texts.size(), buckets].
  torch::Tensor transform(const std::vector<std::string>& texts) const;

  const BowOptions& options() const { return options_; }
  const std::vector<float>& idf() const { return idf_; }

 private:
  BowOptions options_;
  std::vector<float> idf_;
};

}  // namespace w2s
