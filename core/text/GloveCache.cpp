#include "core/text/GloveCache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/util/Error.h"

namespace w2s {

namespace {

constexpr char kMagic[8] = {'W', '2', 'S', 'G', 'L', 'O', 'V', 'E'};
constexpr uint32_t kVersion = 1;
constexpr size_t kHeaderSize = 64;

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t dim;
  uint64_t count;
  uint64_t sourceSize;
  int64_t sourceMtimeNs;
  uint64_t vocabOffset;
  uint64_t vocabBytes;
  uint64_t reserved;
};
static_assert(sizeof(Header) == kHeaderSize, "cache header is 64 bytes");

struct SourceStamp {
  uint64_t size = 0;
  int64_t mtimeNs = 0;
};

SourceStamp stampOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {static_cast<uint64_t>(st.st_size),
          static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec};
}

// SAX handler for the wink file. Depth 1 is the top-level object; "words" is an array of
// strings at depth 2; "vectors" an object whose values (depth 3) are arrays of numbers.
class WinkSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::string error;  // set when a handler returns false
  int64_t dim = -1, size = -1, wordIndex = -1;
  uint64_t sourceBytes = 0;  // size of the JSON text: bounds the values it can hold
  std::vector<std::string> words;
  std::vector<float> matrix;
  std::vector<uint8_t> filled;
  std::vector<float> unk;

  bool null() override { return scalar(0, false); }
  bool boolean(bool) override { return scalar(0, false); }
  bool number_integer(number_integer_t v) override { return scalar(static_cast<double>(v), true); }
  bool number_unsigned(number_unsigned_t v) override {
    return scalar(static_cast<double>(v), true);
  }
  bool number_float(number_float_t v, const string_t&) override { return scalar(v, true); }
  bool string(string_t& v) override {
    if (depth_ == 2 && top_ == "words" && inArray_) words.push_back(std::move(v));
    return true;
  }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    ++depth_;
    if (depth_ == 2 && top_ == "vectors") {
      if (dim <= 0 || size < 0 || wordIndex < 0) {
        return fail("\"dimensions\", \"size\" and \"wordIndex\" must come before \"vectors\"");
      }
      // Every value takes at least 2 bytes of JSON text ("0,"): header sizes that claim more
      // than the file can hold are lies, not something to allocate.
      int64_t values = 0;
      if (dim > (1 << 20) || __builtin_mul_overflow(size, dim, &values) ||
          static_cast<uint64_t>(values) > sourceBytes / 2) {
        return fail("\"size\" " + std::to_string(size) + " x \"dimensions\" " +
                    std::to_string(dim) + " values do not fit in the file of " +
                    std::to_string(sourceBytes) + " bytes");
      }
      matrix.assign(static_cast<size_t>(values), 0.f);
      filled.assign(static_cast<size_t>(size), 0);
    }
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ == 1) top_ = k;
    if (depth_ == 2 && top_ == "vectors") word_ = std::move(k);
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;
    inArray_ = true;
    values_.clear();
    return true;
  }
  bool end_array() override {
    bool ok = true;
    if (depth_ == 3 && top_ == "vectors") ok = finishVector();
    if (depth_ == 2 && top_ == "unkVector") unk.assign(values_.begin(), values_.end());
    --depth_;
    inArray_ = false;
    return ok;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    error = "not valid JSON at byte " + std::to_string(position) + ": " + ex.what();
    return false;
  }

 private:
  bool fail(const std::string& what) {
    error = what;
    return false;
  }
  bool scalar(double v, bool isNumber) {
    if (depth_ == 1 && isNumber) {
      if (top_ == "dimensions") dim = static_cast<int64_t>(v);
      if (top_ == "size") size = static_cast<int64_t>(v);
      if (top_ == "wordIndex") wordIndex = static_cast<int64_t>(v);
    }
    const bool inVector =
        (depth_ == 3 && top_ == "vectors") || (depth_ == 2 && top_ == "unkVector");
    if (inVector) {
      if (!isNumber) return fail(top_ + " '" + word_ + "': expected numbers only");
      values_.push_back(v);
    }
    return true;
  }
  bool finishVector() {
    const std::string where = "vectors['" + word_ + "']";
    if (static_cast<int64_t>(values_.size()) <= std::max(dim, wordIndex)) {
      return fail(where + ": " + std::to_string(values_.size()) + " values, expected " +
                  std::to_string(dim) + " and the word index at position " +
                  std::to_string(wordIndex));
    }
    const auto index = static_cast<int64_t>(values_[static_cast<size_t>(wordIndex)]);
    if (index < 0 || index >= size) {
      return fail(where + ": word index " + std::to_string(index) + " outside 0.." +
                  std::to_string(size - 1));
    }
    if (index < static_cast<int64_t>(words.size()) && words[index] != word_) {
      return fail(where + ": word index " + std::to_string(index) + " names '" + words[index] +
                  "' in \"words\"");
    }
    float* row = matrix.data() + index * dim;
    for (int64_t k = 0; k < dim; ++k) row[k] = static_cast<float>(values_[k]);
    filled[index] = 1;
    return true;
  }

  int depth_ = 0;
  bool inArray_ = false;
  std::string top_;
  std::string word_;
  std::vector<double> values_;
};

}  // namespace

std::string GloveCache::cachePathFor(const std::string& jsonPath) {
  const std::string ext = ".json";
  const bool hasExt = jsonPath.size() > ext.size() &&
                      jsonPath.compare(jsonPath.size() - ext.size(), ext.size(), ext) == 0;
  return (hasExt ? jsonPath.substr(0, jsonPath.size() - ext.size()) : jsonPath) + ".w2s-glove.bin";
}

GloveCache::BuildStats GloveCache::build(const std::string& jsonPath,
                                         const std::string& cachePath) {
  const auto start = std::chrono::steady_clock::now();
  const SourceStamp stamp = stampOf(jsonPath);
  WinkSax sax;
  {
    const MappedFile json(jsonPath);
    sax.sourceBytes = json.size();
    const bool ok = nlohmann::json::sax_parse(json.data(), json.data() + json.size(), &sax);
    if (!ok) throw DataError(jsonPath + ": " + sax.error);
  }
  if (static_cast<int64_t>(sax.words.size()) != sax.size) {
    throw DataError(jsonPath + ": \"words\" holds " + std::to_string(sax.words.size()) +
                    " words, \"size\" says " + std::to_string(sax.size));
  }
  for (size_t i = 0; i < sax.filled.size(); ++i) {
    if (!sax.filled[i]) throw DataError(jsonPath + ": no vector for word '" + sax.words[i] + "'");
  }
  if (sax.filled.size() != sax.words.size()) throw DataError(jsonPath + ": no \"vectors\" object");
  if (static_cast<int64_t>(sax.unk.size()) < sax.dim) {
    throw DataError(jsonPath + ": \"unkVector\" missing or shorter than " +
                    std::to_string(sax.dim) + " values");
  }
  std::string vocab;
  for (const auto& w : sax.words) {
    if (w.find('\0') != std::string::npos) throw DataError(jsonPath + ": a word contains NUL");
    vocab += w;
    vocab.push_back('\0');
  }
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kVersion;
  h.dim = static_cast<uint32_t>(sax.dim);
  h.count = static_cast<uint64_t>(sax.size);
  h.sourceSize = stamp.size;
  h.sourceMtimeNs = stamp.mtimeNs;
  h.vocabOffset = kHeaderSize + (h.count + 1) * h.dim * sizeof(float);
  h.vocabBytes = vocab.size();
  // Write beside the target and rename, so readers never see a half-written cache.
  const std::string tmp = cachePath + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw DataError(tmp + ": cannot open for writing the GloVe cache");
    f.write(reinterpret_cast<const char*>(&h), sizeof h);
    f.write(reinterpret_cast<const char*>(sax.matrix.data()),
            static_cast<std::streamsize>(sax.matrix.size() * sizeof(float)));
    f.write(reinterpret_cast<const char*>(sax.unk.data()),
            static_cast<std::streamsize>(h.dim * sizeof(float)));
    f.write(vocab.data(), static_cast<std::streamsize>(vocab.size()));
    if (!f) throw DataError(tmp + ": write failed (disk full?)");
  }
  if (std::rename(tmp.c_str(), cachePath.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw DataError(cachePath + ": cannot move the finished GloVe cache into place");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {sax.size, static_cast<int>(sax.dim), seconds};
}

bool GloveCache::isFresh(const std::string& jsonPath, const std::string& cachePath) {
  std::ifstream f(cachePath, std::ios::binary);
  Header h{};
  if (!f.read(reinterpret_cast<char*>(&h), sizeof h)) return false;
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.version != kVersion) return false;
  const SourceStamp now = stampOf(jsonPath);
  return now.size == h.sourceSize && now.mtimeNs == h.sourceMtimeNs;
}

GloveCache GloveCache::open(const std::string& jsonPath) {
  const std::string cache = cachePathFor(jsonPath);
  if (!isFresh(jsonPath, cache)) build(jsonPath, cache);
  return load(cache);
}

GloveCache GloveCache::load(const std::string& cachePath) {
  return GloveCache(MappedFile(cachePath));
}

GloveCache::GloveCache(MappedFile file) : file_(std::make_unique<MappedFile>(std::move(file))) {
  const std::string& path = file_->path();
  Header h{};
  if (file_->size() < sizeof h) throw DataError(path + ": not a GloVe cache (too short)");
  std::memcpy(&h, file_->data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.version != kVersion) {
    throw DataError(path + ": not a version " + std::to_string(kVersion) +
                    " GloVe cache; delete it to rebuild it");
  }
  // Checked arithmetic: a header that lies must not wrap around into a consistent-looking file.
  uint64_t matrixBytes = 0, vocabEnd = 0;
  const bool overflow = __builtin_mul_overflow(h.count + 1, uint64_t{h.dim}, &matrixBytes) ||
                        __builtin_mul_overflow(matrixBytes, sizeof(float), &matrixBytes) ||
                        __builtin_add_overflow(h.vocabOffset, h.vocabBytes, &vocabEnd);
  // Each word takes at least its NUL byte, so count <= vocabBytes.
  if (overflow || h.dim == 0 || h.count >= h.vocabBytes + 1 || h.count > (uint64_t{1} << 40) ||
      h.vocabOffset != kHeaderSize + matrixBytes || vocabEnd != file_->size()) {
    throw DataError(path + ": GloVe cache is truncated or inconsistent (" +
                    std::to_string(file_->size()) + " bytes); delete it to rebuild it");
  }
  dim_ = static_cast<int>(h.dim);
  count_ = static_cast<int64_t>(h.count);
  matrix_ = reinterpret_cast<const float*>(file_->data() + kHeaderSize);
  words_.reserve(h.count);
  index_.reserve(h.count);
  const char* p = file_->data() + h.vocabOffset;
  const char* end = p + h.vocabBytes;
  while (p < end && static_cast<int64_t>(words_.size()) < count_) {
    const char* nul = static_cast<const char*>(std::memchr(p, '\0', end - p));
    if (nul == nullptr) break;
    words_.emplace_back(p, nul - p);
    index_.emplace(words_.back(), static_cast<int64_t>(words_.size()) - 1);
    p = nul + 1;
  }
  if (static_cast<int64_t>(words_.size()) != count_) {
    throw DataError(path + ": GloVe cache vocabulary holds " + std::to_string(words_.size()) +
                    " words, expected " + std::to_string(count_));
  }
}

int64_t GloveCache::indexOf(std::string_view word) const {
  if (auto it = index_.find(word); it != index_.end()) return it->second;
  std::string lower(word);
  bool changed = false;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
      changed = true;
    }
  }
  if (!changed) return -1;
  const auto it = index_.find(lower);
  return it == index_.end() ? -1 : it->second;
}

const float* GloveCache::lookup(std::string_view word) const {
  const int64_t i = indexOf(word);
  return i < 0 ? unk() : row(i);
}

}  // namespace w2s
