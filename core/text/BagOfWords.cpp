#include "core/text/BagOfWords.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/util/Error.h"
#include "core/util/Hash.h"

namespace w2s {

namespace {

std::string lowercase(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

int64_t bucketOf(const std::string& gram, int buckets) {
  return static_cast<int64_t>(fnv1a64(gram) % static_cast<uint64_t>(buckets));
}

}  // namespace

bool isWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

std::vector<std::string> textWords(const std::string& text) {
  std::vector<std::string> words;
  std::string cur;
  for (char ch : text) {
    if (isWordByte(static_cast<unsigned char>(ch))) {
      cur += ch;
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

std::vector<int64_t> bowBuckets(const std::string& text, const BowOptions& options) {
  if (options.buckets < 1 || options.wordNgrams < 0 || options.charNgrams < 0) {
    throw SpecError("bag of words: needs buckets >= 1 and n-gram lengths >= 0");
  }
  std::vector<std::string> words = textWords(text);
  for (std::string& w : words) w = lowercase(std::move(w));
  std::vector<int64_t> out;
  // The prefixes keep a word "ab" and the character gram "ab" apart.
  for (int n = 1; n <= options.wordNgrams; ++n) {
    for (size_t i = 0; i + static_cast<size_t>(n) <= words.size(); ++i) {
      std::string gram = "w";
      for (int k = 0; k < n; ++k) gram += ' ' + words[i + static_cast<size_t>(k)];
      out.push_back(bucketOf(gram, options.buckets));
    }
  }
  for (const std::string& w : words) {
    const std::string padded = " " + w + " ";
    for (int n = 3; n <= options.charNgrams; ++n) {
      for (size_t i = 0; i + static_cast<size_t>(n) <= padded.size(); ++i) {
        out.push_back(bucketOf("c" + padded.substr(i, static_cast<size_t>(n)), options.buckets));
      }
    }
  }
  return out;
}

BagOfWords BagOfWords::fit(const std::vector<std::string>& texts, const BowOptions& options) {
  BagOfWords bow;
  bow.options_ = options;
  std::vector<int64_t> df(static_cast<size_t>(options.buckets), 0);
  for (const std::string& text : texts) {
    std::vector<int64_t> b = bowBuckets(text, options);
    std::sort(b.begin(), b.end());
    b.erase(std::unique(b.begin(), b.end()), b.end());
    for (int64_t k : b) ++df[static_cast<size_t>(k)];
  }
  const double n = static_cast<double>(texts.size());
  bow.idf_.resize(df.size());
  for (size_t k = 0; k < df.size(); ++k) {
    bow.idf_[k] = static_cast<float>(std::log((1.0 + n) / (1.0 + static_cast<double>(df[k]))) + 1);
  }
  return bow;
}

torch::Tensor BagOfWords::transform(const std::vector<std::string>& texts) const {
  const auto rows = static_cast<int64_t>(texts.size());
  torch::Tensor out = torch::zeros({rows, options_.buckets}, torch::kFloat32);
  float* o = out.data_ptr<float>();
  for (int64_t i = 0; i < rows; ++i) {
    std::unordered_map<int64_t, int> counts;
    for (int64_t k : bowBuckets(texts[static_cast<size_t>(i)], options_)) ++counts[k];
    float* row = o + i * options_.buckets;
    double norm = 0;
    for (const auto& [k, c] : counts) {
      const float v = (1.0f + std::log(static_cast<float>(c))) * idf_[static_cast<size_t>(k)];
      row[k] = v;
      norm += static_cast<double>(v) * v;
    }
    if (norm > 0) {
      const auto scale = static_cast<float>(1.0 / std::sqrt(norm));
      for (const auto& [k, c] : counts) row[k] *= scale;
    }
  }
  return out;
}

}  // namespace w2s
