#include "core/text/TextCorpus.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "core/io/CsvReader.h"
#include "core/text/Utf8.h"
#include "core/util/Error.h"
#include "core/util/JsonLimits.h"
#include "core/util/Paths.h"

namespace w2s {

namespace {

nlohmann::json parseJsonFile(const std::string& path) {
  return parseJsonLimited(readTextFile(path), path);
}

bool startsWithNoCase(const std::string& s, size_t at, const char* prefix) {
  for (size_t k = 0; prefix[k] != '\0'; ++k) {
    if (at + k >= s.size() || std::tolower(static_cast<unsigned char>(s[at + k])) != prefix[k]) {
      return false;
    }
  }
  return true;
}

std::string withoutCr(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int columnIndex(const std::vector<std::string>& header, const std::string& name,
                const std::string& path) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  throw DataError(path + ": line 1: no column '" + name + "' in the header");
}

}  // namespace

std::string TextCorpus::stripHeaders(const std::string& email) {
  // The header block ends at the first empty line (LF or CRLF).
  size_t bodyStart = email.size();
  size_t headerEnd = email.size();
  for (size_t pos = 0; pos < email.size();) {
    const size_t eol = email.find('\n', pos);
    if (eol == std::string::npos) break;
    const size_t next = eol + 1;
    if (next < email.size() && (email[next] == '\n' || email.compare(next, 2, "\r\n") == 0)) {
      headerEnd = next;
      bodyStart = next + (email[next] == '\n' ? 1 : 2);
      break;
    }
    pos = next;
  }
  std::string subject;
  bool found = false;
  for (size_t pos = 0; pos < headerEnd && !found;) {
    size_t eol = email.find('\n', pos);
    if (eol == std::string::npos || eol > headerEnd) eol = headerEnd;
    if (startsWithNoCase(email, pos, "subject:")) {
      found = true;
      subject = withoutCr(email.substr(pos + 8, eol - pos - 8));
      // Folded continuation lines start with a space or a tab.
      while (eol + 1 < headerEnd && (email[eol + 1] == ' ' || email[eol + 1] == '\t')) {
        const size_t start = eol + 1;
        eol = email.find('\n', start);
        if (eol == std::string::npos || eol > headerEnd) eol = headerEnd;
        subject += withoutCr(email.substr(start, eol - start));
      }
    }
    pos = eol + 1;
  }
  while (!subject.empty() && subject.back() == ' ') subject.pop_back();
  size_t lead = 0;
  while (lead < subject.size() && subject[lead] == ' ') ++lead;
  const std::string body = bodyStart < email.size() ? email.substr(bodyStart) : std::string();
  return found ? "Subject: " + subject.substr(lead) + "\n\n" + body : body;
}

std::vector<TextExample> TextCorpus::spamAssassin(const std::string& dir, bool keepHeaders) {
  const std::string indexPath = dir + "/file_list.json";
  const nlohmann::json index = parseJsonFile(indexPath);
  if (!index.is_array()) throw DataError(indexPath + ": expected a JSON array of file names");
  std::vector<TextExample> out;
  out.reserve(index.size());
  for (size_t i = 0; i < index.size(); ++i) {
    const std::string where = indexPath + ": entry " + std::to_string(i + 1);
    if (!index[i].is_string()) throw DataError(where + ": expected a file name string");
    const std::string name = index[i].get<std::string>();
    const std::string group = name.substr(0, name.find('/'));
    TextExample ex;
    if (group.rfind("spam", 0) == 0) {
      ex.label = 1;
    } else if (group.find("ham") != std::string::npos) {
      ex.label = 0;
    } else {
      throw DataError(where + ": folder '" + group + "' is neither ham nor spam");
    }
    // The raw .txt holds the bytes as sent (some in Windows-1252); the package's .json copies
    // replaced those bytes with U+FFFD, so the .txt loses less.
    const std::string raw = readTextFile(dir + "/" + name);
    ex.text = repairUtf8(keepHeaders ? raw : stripHeaders(raw));
    ex.id = static_cast<int64_t>(i);
    ex.source = group;
    out.push_back(std::move(ex));
  }
  return out;
}

std::vector<TextExample> TextCorpus::sentiment(const std::string& dir, const std::string& which) {
  const std::vector<std::string> all = {"amazon", "imdb", "yelp"};
  std::vector<TextExample> out;
  bool known = false;
  for (size_t f = 0; f < all.size(); ++f) {
    if (which != "all" && which != all[f]) continue;
    known = true;
    const std::string path = dir + "/" + all[f] + ".json";
    const nlohmann::json arr = parseJsonFile(path);
    if (!arr.is_array()) throw DataError(path + ": expected a JSON array of {text, class}");
    for (size_t i = 0; i < arr.size(); ++i) {
      const auto& e = arr[i];
      const std::string where = path + ": entry " + std::to_string(i + 1);
      if (!e.is_object() || !e.contains("text") || !e.contains("class")) {
        throw DataError(where + ": expected an object with 'text' and 'class'");
      }
      if (e["class"].is_null()) continue;  // each file ends with an empty, unlabelled entry
      if (!e["text"].is_string()) throw DataError(where + ": 'text' is not a string");
      if (!e["class"].is_number_integer() || (e["class"] != 0 && e["class"] != 1)) {
        throw DataError(where + ": 'class' must be 0, 1 or null, got " + e["class"].dump());
      }
      out.push_back({repairUtf8(e["text"].get<std::string>()), e["class"].get<int>(),
                     static_cast<int64_t>(f * 1000000 + i), all[f]});
    }
  }
  if (!known) {
    throw DataError("sentiment subset '" + which + "': expected amazon, imdb, yelp or all");
  }
  return out;
}

std::vector<TextExample> TextCorpus::fineFood(const std::string& csvPath) {
  CsvReader reader(csvPath);
  std::vector<std::string> fields;
  if (!reader.next(fields)) throw DataError(csvPath + ": empty file, expected a header line");
  const int review = columnIndex(fields, "review", csvPath);
  const int score = columnIndex(fields, "score", csvPath);
  const size_t width = fields.size();
  std::vector<TextExample> out;
  while (reader.next(fields)) {
    const std::string where = csvPath + ": line " + std::to_string(reader.line());
    if (fields.size() != width) {
      throw DataError(where + ": expected " + std::to_string(width) + " fields, got " +
                      std::to_string(fields.size()));
    }
    TextExample ex;
    if (fields[score] == "great") {
      ex.label = 1;
    } else if (fields[score] == "other") {
      ex.label = 0;
    } else {
      throw DataError(where + ", column 'score': expected great or other, got '" + fields[score] +
                      "'");
    }
    ex.text = repairUtf8(fields[review]);
    ex.id = static_cast<int64_t>(out.size());
    ex.source = "fine-food";
    out.push_back(std::move(ex));
  }
  return out;
}

}  // namespace w2s
