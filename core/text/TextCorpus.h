#pragma once
// The built-in labelled text corpora, read from the files packaging/fetch-data.sh installs.
#include <cstdint>
#include <string>
#include <vector>

namespace w2s {

/// One labelled text. `text` is valid UTF-8 (see repairUtf8).
struct TextExample {
  std::string text;
  int label = 0;
  int64_t id = 0;      ///< stable id: position in the source's own index (see each loader)
  std::string source;  ///< where it came from inside the corpus, e.g. "hard-ham-1", "yelp"
};

/// Loaders of the built-in corpora. Each throws DataError naming the file (and entry, line or
/// column) when a file is missing or malformed.
class TextCorpus {
 public:
  /// The SpamAssassin emails listed in `dir`/file_list.json, in that order (id = position there):
  /// ham (easy-ham-*, hard-ham-*) = 0, spam (spam-*) = 1. Each text is the Subject line and the
  /// body: the other RFC 822 headers (routing, dates, mailer names, spam-filter traces) are
  /// dropped, so that a model reads what the sender wrote, not the path the mail took. Bodies are
  /// kept raw (MIME parts, HTML and quoted-printable as sent). With keepHeaders the whole email is
  /// kept.
  static std::vector<TextExample> spamAssassin(const std::string& dir, bool keepHeaders = false);

  /// The UCI sentiment sentences of `which` = "amazon", "imdb", "yelp" or "all" (the three in
  /// that order) from `dir`/<name>.json; negative = 0, positive = 1. The entry without a class is
  /// skipped. id = 1,000,000 × (0 amazon, 1 imdb, 2 yelp) + position in its file, so ids do not
  /// depend on `which`.
  static std::vector<TextExample> sentiment(const std::string& dir, const std::string& which);

  /// The fine-food reviews of one CSV written by fetch-data.sh (columns review, score):
  /// great = 1, other = 0; id = data row (0-based).
  static std::vector<TextExample> fineFood(const std::string& csvPath);

  /// Removes the RFC 822 header block of `email` except its Subject (unfolded).
  static std::string stripHeaders(const std::string& email);
};

}  // namespace w2s
