#include "core/data/TextCorpora.h"

#include "core/text/DataDir.h"

namespace w2s {

const std::vector<TextCorpusInfo>& textCorpusRegistry() {
  static const std::vector<TextCorpusInfo> corpora = {
      {"spam_assassin",
       "SpamAssassin emails (subject and body): ham or spam",
       {"ham", "spam"},
       {},
       "",
       [](const std::string&) {
         return CorpusTexts{TextCorpus::spamAssassin(spamAssassinDir()), {}};
       }},
      {"sentiment",
       "UCI sentiment sentences from Amazon, IMDb and Yelp reviews: negative or positive",
       {"negative", "positive"},
       {"amazon", "imdb", "yelp", "all"},
       "all",
       [](const std::string& source) {
         return CorpusTexts{TextCorpus::sentiment(sentimentDir(), source), {}};
       }},
      {"fine_food",
       "Amazon fine-food reviews (R modeldata): great (5 stars) or other, with their own test "
       "split",
       {"other", "great"},
       {},
       "",
       [](const std::string&) {
         return CorpusTexts{TextCorpus::fineFood(fineFoodCsv("training")),
                            TextCorpus::fineFood(fineFoodCsv("testing"))};
       }},
  };
  return corpora;
}

const TextCorpusInfo* findTextCorpus(const std::string& name) {
  for (const auto& c : textCorpusRegistry()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace w2s
