// BpeTokenizer::train, kept apart from encoding: word counts, incremental pair counts and a
// lazily updated max-heap, so each merge touches only the words that contain its pair.
#include <algorithm>
#include <queue>
#include <stdexcept>
#include <unordered_map>

#include "core/text/BpeTokenizer.h"

namespace w2s {

namespace {

uint64_t key(int32_t a, int32_t b) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}

struct HeapEntry {
  int64_t count;
  uint64_t pair;
  // Most frequent first; among equals the smallest pair, so training is deterministic.
  bool operator<(const HeapEntry& o) const {
    return count != o.count ? count < o.count : pair > o.pair;
  }
};

struct Word {
  std::vector<int32_t> syms;
  int64_t count;
};

}  // namespace

BpeTokenizer BpeTokenizer::train(const std::vector<std::string>& texts, int vocabSize,
                                 int64_t minPairCount) {
  if (vocabSize < kFirstMerge) {
    throw std::invalid_argument("BPE vocabulary size " + std::to_string(vocabSize) +
                                " is below the " + std::to_string(kFirstMerge) +
                                " special and byte tokens");
  }
  std::unordered_map<std::string, int64_t> wordCounts;
  for (const auto& text : texts) {
    for (auto& w : preTokenize(text)) {
      if (w.size() > 1) ++wordCounts[std::move(w)];  // a single byte has no pair to merge
    }
  }
  std::vector<std::pair<std::string, int64_t>> sorted(wordCounts.begin(), wordCounts.end());
  std::sort(sorted.begin(), sorted.end());
  wordCounts.clear();

  std::vector<Word> words;
  words.reserve(sorted.size());
  std::unordered_map<uint64_t, int64_t> pairCount;
  std::unordered_map<uint64_t, std::vector<int32_t>> pairWords;  // may hold stale entries
  for (const auto& [text, count] : sorted) {
    Word w{std::vector<int32_t>(text.size()), count};
    for (size_t i = 0; i < text.size(); ++i)
      w.syms[i] = kNumSpecial + static_cast<uint8_t>(text[i]);
    const int32_t index = static_cast<int32_t>(words.size());
    for (size_t i = 0; i + 1 < w.syms.size(); ++i) {
      const uint64_t p = key(w.syms[i], w.syms[i + 1]);
      pairCount[p] += count;
      auto& list = pairWords[p];
      if (list.empty() || list.back() != index) list.push_back(index);
    }
    words.push_back(std::move(w));
  }
  sorted.clear();

  std::priority_queue<HeapEntry> heap;
  for (const auto& [p, c] : pairCount) heap.push({c, p});

  BpeTokenizer tok;
  std::vector<int32_t> lastTouched(words.size(), -1);
  std::unordered_map<uint64_t, int64_t> delta;
  while (tok.vocabSize() < vocabSize && !heap.empty()) {
    const HeapEntry top = heap.top();
    heap.pop();
    const auto current = pairCount.find(top.pair);
    if (current == pairCount.end() || current->second != top.count) continue;  // stale
    if (top.count < minPairCount) break;
    const int32_t a = static_cast<int32_t>(top.pair >> 32);
    const int32_t b = static_cast<int32_t>(top.pair & 0xFFFFFFFFu);
    const int32_t merged = tok.vocabSize();
    const int32_t step = merged;
    tok.addMerge(a, b);

    std::vector<int32_t> affected = std::move(pairWords[top.pair]);
    pairWords.erase(top.pair);
    delta.clear();
    for (int32_t wi : affected) {
      if (lastTouched[wi] == step) continue;  // listed twice
      lastTouched[wi] = step;
      Word& w = words[wi];
      auto& s = w.syms;
      bool found = false;
      for (size_t i = 0; i + 1 < s.size() && !found; ++i) found = s[i] == a && s[i + 1] == b;
      if (!found) continue;
      // Remove the word's pairs, merge, add them back: simple and exact for repeats like "aaa".
      for (size_t i = 0; i + 1 < s.size(); ++i) delta[key(s[i], s[i + 1])] -= w.count;
      size_t out = 0;
      for (size_t i = 0; i < s.size(); ++i) {
        if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
          s[out++] = merged;
          ++i;
        } else {
          s[out++] = s[i];
        }
      }
      s.resize(out);
      for (size_t i = 0; i + 1 < s.size(); ++i) {
        const uint64_t p = key(s[i], s[i + 1]);
        delta[p] += w.count;
        if (s[i] == merged || s[i + 1] == merged) {
          auto& list = pairWords[p];
          if (list.empty() || list.back() != wi) list.push_back(wi);
        }
      }
    }
    for (const auto& [p, d] : delta) {
      if (d == 0) continue;
      int64_t& c = pairCount[p];
      c += d;
      if (c <= 0) {
        pairCount.erase(p);
      } else {
        heap.push({c, p});
      }
    }
  }
  return tok;
}

}  // namespace w2s
