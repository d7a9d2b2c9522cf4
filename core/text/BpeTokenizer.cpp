#include "core/text/BpeTokenizer.h"

#include <fstream>
#include <stdexcept>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/JsonLimits.h"
#include "core/util/Paths.h"

namespace w2s {

namespace {

const char* const kSpecialNames[BpeTokenizer::kNumSpecial] = {"<pad>", "<bos>", "<eos>", "<cls>"};

uint64_t pairKey(int32_t a, int32_t b) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}

enum class ByteClass { Letter, Digit, Space, OtherSpace, Symbol };

ByteClass classOf(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) return ByteClass::Letter;
  if (c >= '0' && c <= '9') return ByteClass::Digit;
  if (c == ' ') return ByteClass::Space;
  if (c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return ByteClass::OtherSpace;
  return ByteClass::Symbol;
}

bool isSpace(ByteClass c) { return c == ByteClass::Space || c == ByteClass::OtherSpace; }

}  // namespace

BpeTokenizer::BpeTokenizer() {
  for (const char* name : kSpecialNames) tokens_.emplace_back(name);
  for (int b = 0; b < 256; ++b) tokens_.emplace_back(1, static_cast<char>(b));
}

void BpeTokenizer::addMerge(int32_t a, int32_t b) {
  mergeRank_[pairKey(a, b)] = static_cast<int32_t>(merges_.size());
  merges_.emplace_back(a, b);
  tokens_.push_back(tokens_[a] + tokens_[b]);
}

std::vector<std::string> BpeTokenizer::preTokenize(const std::string& text) {
  std::vector<std::string> words;
  const size_t n = text.size();
  auto cls = [&](size_t i) { return classOf(static_cast<unsigned char>(text[i])); };
  for (size_t i = 0; i < n;) {
    const size_t start = i;
    // A single space joins the word that follows it (" world"), as in GPT-2.
    if (cls(i) == ByteClass::Space && i + 1 < n && !isSpace(cls(i + 1))) ++i;
    const ByteClass c = cls(i);
    if (isSpace(c)) {
      while (i < n && isSpace(cls(i))) ++i;
      // Leave the last space of a run to the word after it.
      if (i < n && i - start > 1 && cls(i - 1) == ByteClass::Space) --i;
    } else {
      while (i < n && cls(i) == c) ++i;
    }
    words.emplace_back(text, start, i - start);
  }
  return words;
}

std::vector<int32_t> BpeTokenizer::encodeWord(const std::string& word) const {
  std::vector<int32_t> syms(word.size());
  for (size_t i = 0; i < word.size(); ++i) {
    syms[i] = kNumSpecial + static_cast<unsigned char>(word[i]);
  }
  // Apply the earliest-learned merge present, everywhere in the word, until none applies:
  // this replays training's order, so words segment as they did in training.
  while (syms.size() > 1) {
    int32_t best = -1;
    for (size_t i = 0; i + 1 < syms.size(); ++i) {
      const auto it = mergeRank_.find(pairKey(syms[i], syms[i + 1]));
      if (it != mergeRank_.end() && (best < 0 || it->second < best)) best = it->second;
    }
    if (best < 0) break;
    const auto [a, b] = merges_[best];
    size_t out = 0;
    for (size_t i = 0; i < syms.size(); ++i) {
      if (i + 1 < syms.size() && syms[i] == a && syms[i + 1] == b) {
        syms[out++] = kFirstMerge + best;
        ++i;
      } else {
        syms[out++] = syms[i];
      }
    }
    syms.resize(out);
  }
  return syms;
}

std::vector<int32_t> BpeTokenizer::encode(const std::string& text) const {
  return encodeAll({text}).front();
}

std::vector<std::vector<int32_t>> BpeTokenizer::encodeAll(
    const std::vector<std::string>& texts) const {
  std::unordered_map<std::string, std::vector<int32_t>> cache;
  std::vector<std::vector<int32_t>> out;
  out.reserve(texts.size());
  for (const auto& text : texts) {
    std::vector<int32_t> ids;
    for (const auto& word : preTokenize(text)) {
      auto it = cache.find(word);
      if (it == cache.end()) it = cache.emplace(word, encodeWord(word)).first;
      ids.insert(ids.end(), it->second.begin(), it->second.end());
    }
    out.push_back(std::move(ids));
  }
  return out;
}

std::string BpeTokenizer::decode(const std::vector<int32_t>& ids) const {
  std::string out;
  for (int32_t id : ids) {
    if (id < 0 || id >= vocabSize()) {
      throw std::out_of_range("token id " + std::to_string(id) + " outside the vocabulary of " +
                              std::to_string(vocabSize()));
    }
    if (id >= kNumSpecial) out += tokens_[id];
  }
  return out;
}

nlohmann::json BpeTokenizer::toJson() const {
  nlohmann::json merges = nlohmann::json::array();
  for (const auto& [a, b] : merges_) merges.push_back({a, b});
  return {{"type", "byte-bpe"},
          {"version", 1},
          {"specials", std::vector<std::string>(kSpecialNames, kSpecialNames + kNumSpecial)},
          {"merges", merges}};
}

BpeTokenizer BpeTokenizer::fromJson(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object() || j.value("type", "") != "byte-bpe") {
    throw DataError(where + ": expected an object with \"type\": \"byte-bpe\"");
  }
  if (j.value("version", 0) != 1) throw DataError(where + ": version: expected 1");
  const auto& specials = j.value("specials", nlohmann::json());
  if (specials !=
      nlohmann::json(std::vector<std::string>(kSpecialNames, kSpecialNames + kNumSpecial))) {
    throw DataError(where + ": specials: expected [\"<pad>\", \"<bos>\", \"<eos>\", \"<cls>\"]");
  }
  if (!j.contains("merges") || !j["merges"].is_array()) {
    throw DataError(where + ": merges: expected an array of [a, b] id pairs");
  }
  BpeTokenizer t;
  const auto& merges = j["merges"];
  for (size_t i = 0; i < merges.size(); ++i) {
    const auto& m = merges[i];
    const int32_t next = kFirstMerge + static_cast<int32_t>(i);
    auto valid = [&](const nlohmann::json& v) {
      return v.is_number_integer() && v.get<int64_t>() >= kNumSpecial && v.get<int64_t>() < next;
    };
    if (!m.is_array() || m.size() != 2 || !valid(m[0]) || !valid(m[1])) {
      throw DataError(where + ": merges[" + std::to_string(i) + "]: expected two token ids in [" +
                      std::to_string(kNumSpecial) + ", " + std::to_string(next) + "), got " +
                      m.dump());
    }
    t.addMerge(m[0].get<int32_t>(), m[1].get<int32_t>());
  }
  return t;
}

void BpeTokenizer::save(const std::string& path) const {
  writeFileAtomically(path, toJson().dump() + "\n");
}

BpeTokenizer BpeTokenizer::load(const std::string& path) {
  return fromJson(parseJsonLimited(readTextFile(path), path), path);
}

}  // namespace w2s
