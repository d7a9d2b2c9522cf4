#pragma once
// A tiny generated text corpus for text-task, transformer and pretraining tests: sentences of a
// small grammar whose adjectives carry the label, so next-token structure and labels are both
// learnable in seconds.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace w2s::test {

/// One text of `sentences` sentences "det adj noun verb det adj noun ."; label 1 draws its
/// adjectives from the positive set, label 0 from the negative one.
inline std::string grammarText(std::mt19937& rng, int label, int sentences) {
  static const std::vector<std::string> dets = {"the", "a", "every", "some"};
  static const std::vector<std::string> nouns = {"cat", "dog", "bird", "fish", "horse", "mouse"};
  static const std::vector<std::string> verbs = {"sees", "likes", "chases", "finds"};
  static const std::vector<std::string> good = {"happy", "bright", "kind", "warm"};
  static const std::vector<std::string> bad = {"sad", "dark", "cruel", "cold"};
  auto pick = [&rng](const std::vector<std::string>& v) {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
  };
  const auto& adj = label ? good : bad;
  std::string s;
  for (int i = 0; i < sentences; ++i) {
    s += (i ? " " : "") + pick(dets) + " " + pick(adj) + " " + pick(nouns) + " " + pick(verbs) +
         " " + pick(dets) + " " + pick(adj) + " " + pick(nouns) + ".";
  }
  return s;
}

/// Writes `rows` texts (labels "neg"/"pos", alternating) to a CSV with columns text,label.
inline std::string writeGrammarCsv(const std::filesystem::path& path, int rows, unsigned seed,
                                   int sentences = 3) {
  std::mt19937 rng(seed);
  std::ofstream out(path);
  out << "text,label\n";
  for (int i = 0; i < rows; ++i) {
    const int label = i % 2;
    out << '"' << grammarText(rng, label, sentences) << "\"," << (label ? "pos" : "neg") << "\n";
  }
  return path.string();
}

}  // namespace w2s::test
