#include "core/text/TableImport.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "core/io/CsvReader.h"
#include "core/text/Utf8.h"
#include "core/util/Error.h"
#include "core/util/JsonLimits.h"

namespace w2s {

namespace {

float parseNumber(const std::string& s, const std::string& where) {
  const char* begin = s.c_str();
  while (*begin == ' ' || *begin == '\t') ++begin;
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  while (end && (*end == ' ' || *end == '\t')) ++end;
  // Underflow to zero is fine; a value past the float range is not.
  if (end == begin || *end != '\0' || !std::isfinite(v) || std::fabs(v) > 3.4e38) {
    throw DataError(where + ": expected a finite number, got '" + s + "'");
  }
  return static_cast<float>(v);
}

float finite(const nlohmann::json& v, const std::string& where) {
  const double d = v.is_number() ? v.get<double>() : NAN;
  if (!std::isfinite(d) || std::fabs(d) > 3.4e38) {
    throw DataError(where + ": expected a finite number, got " + v.dump());
  }
  return static_cast<float>(d);
}

bool isClassIndex(const std::string& s) {
  return !s.empty() && s.size() < 9 && std::all_of(s.begin(), s.end(), ::isdigit) &&
         (s == "0" || s[0] != '0');
}

// Turns the label strings into class ids (see ImportedTable). `where[i]` names the row and column
// of raw[i], for messages.
void assignClasses(const std::vector<std::string>& raw, const std::vector<std::string>& where,
                   ImportedTable& t) {
  const bool numeric = std::all_of(raw.begin(), raw.end(), isClassIndex);
  if (numeric) {
    // Class ids index per-class tables: a label past the rows present would make a file of one
    // row allocate that many classes.
    const int limit = std::max<int>(2, static_cast<int>(std::min<size_t>(raw.size(), 1 << 20)));
    int k = 0;
    for (size_t i = 0; i < raw.size(); ++i) {
      const int id = std::stoi(raw[i]);
      if (id >= limit) {
        throw DataError(
            where[i] + ": expected a class id between 0 and " + std::to_string(limit - 1) +
            " (no more classes than data rows: " + std::to_string(raw.size()) + "), got " + raw[i]);
      }
      k = std::max(k, id + 1);
    }
    for (int c = 0; c < k; ++c) t.classNames.push_back(std::to_string(c));
    for (const auto& r : raw) t.labels.push_back(std::stoi(r));
  } else {
    std::map<std::string, int> ids;
    for (const auto& r : raw) ids.emplace(r, 0);
    for (auto& [name, id] : ids) {
      id = static_cast<int>(t.classNames.size());
      t.classNames.push_back(name);
    }
    for (const auto& r : raw) t.labels.push_back(ids.at(r));
  }
  for (size_t i = 0; i < t.texts.size(); ++i) t.texts[i].label = t.labels[i];
}

int findColumn(const std::vector<std::string>& header, const std::string& name,
               const std::string& path) {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it != header.end()) return static_cast<int>(it - header.begin());
  std::string cols;
  for (const auto& h : header) cols += (cols.empty() ? "" : ", ") + h;
  throw DataError(path + ": line 1: no column '" + name + "' in the header (columns: " + cols +
                  ")");
}

std::string labelText(const nlohmann::json& v, const std::string& where) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer() || v.is_boolean()) return v.dump();
  throw DataError(where + ": expected a string, integer or boolean label, got " + v.dump());
}

}  // namespace

ImportedTable importCsv(const std::string& path, const ImportSpec& spec) {
  CsvReader reader(path);
  std::vector<std::string> header;
  if (!reader.next(header)) throw DataError(path + ": empty file, expected a header line");
  const int label = findColumn(header, spec.labelColumn, path);
  const int text = spec.textColumn.empty() ? -1 : findColumn(header, spec.textColumn, path);
  std::vector<int> features;
  ImportedTable t;
  if (text < 0) {
    if (spec.featureColumns.empty()) {
      for (int c = 0; c < static_cast<int>(header.size()); ++c) {
        if (c != label) features.push_back(c);
      }
    } else {
      for (const auto& name : spec.featureColumns)
        features.push_back(findColumn(header, name, path));
    }
    if (features.empty()) throw DataError(path + ": no feature columns besides the label");
    for (int c : features) t.featureNames.push_back(header[c]);
  }
  std::vector<std::string> raw;
  std::vector<std::string> rawWhere;
  std::vector<std::string> fields;
  while (reader.next(fields)) {
    const std::string line = path + ": line " + std::to_string(reader.line());
    if (fields.size() != header.size()) {
      throw DataError(line + ": expected " + std::to_string(header.size()) +
                      " fields as in the header, got " + std::to_string(fields.size()));
    }
    auto where = [&](int c) { return line + ", column '" + header[c] + "'"; };
    if (fields[label].empty()) throw DataError(where(label) + ": empty label");
    raw.push_back(fields[label]);
    rawWhere.push_back(where(label));
    if (text >= 0) {
      t.texts.push_back({repairUtf8(fields[text]), 0, static_cast<int64_t>(t.texts.size()), ""});
    } else {
      for (int c : features) t.features.push_back(parseNumber(fields[c], where(c)));
    }
  }
  if (raw.empty()) throw DataError(path + ": no data rows after the header");
  assignClasses(raw, rawWhere, t);
  return t;
}

ImportedTable importJsonl(const std::string& path, const ImportSpec& spec) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot open JSONL file for reading");
  ImportedTable t;
  std::vector<std::string> raw;
  std::vector<std::string> rawWhere;
  std::vector<std::string> featureFields = spec.featureColumns;
  std::string lineText;
  for (int64_t lineNo = 1; std::getline(in, lineText); ++lineNo) {
    if (lineText.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string line = path + ": line " + std::to_string(lineNo);
    const nlohmann::json row = parseJsonLimited(lineText, line);
    if (!row.is_object()) throw DataError(line + ": expected a JSON object");
    auto field = [&](const std::string& name) -> const nlohmann::json& {
      if (!row.contains(name)) throw DataError(line + ": no field '" + name + "'");
      return row[name];
    };
    raw.push_back(labelText(field(spec.labelColumn), line + ", field '" + spec.labelColumn + "'"));
    rawWhere.push_back(line + ", field '" + spec.labelColumn + "'");
    if (!spec.textColumn.empty()) {
      const auto& v = field(spec.textColumn);
      if (!v.is_string()) {
        throw DataError(line + ", field '" + spec.textColumn + "': expected a string");
      }
      t.texts.push_back({v.get<std::string>(), 0, static_cast<int64_t>(t.texts.size()), ""});
      continue;
    }
    if (featureFields.empty()) {
      // Every field but the label, in the (sorted) order nlohmann keeps object keys.
      for (const auto& [k, v] : row.items()) {
        if (k != spec.labelColumn) featureFields.push_back(k);
      }
    }
    std::vector<std::string> names;
    for (const auto& name : featureFields) {
      const auto& v = field(name);
      const std::string where = line + ", field '" + name + "'";
      if (v.is_number()) {
        t.features.push_back(finite(v, where));
        names.push_back(name);
      } else if (v.is_array()) {
        for (size_t k = 0; k < v.size(); ++k) {
          t.features.push_back(finite(v[k], where + "[" + std::to_string(k) + "]"));
          names.push_back(name + "[" + std::to_string(k) + "]");
        }
      } else {
        throw DataError(where + ": expected a number or an array of numbers, got " + v.dump());
      }
    }
    if (t.featureNames.empty()) t.featureNames = names;
    if (names.size() != t.featureNames.size()) {
      throw DataError(line + ": " + std::to_string(names.size()) +
                      " feature values, the first row had " +
                      std::to_string(t.featureNames.size()));
    }
  }
  // nlohmann rejects invalid UTF-8 while parsing, so JSONL text needs no repair.
  if (raw.empty()) throw DataError(path + ": no data rows");
  if (spec.textColumn.empty() && t.featureNames.empty()) {
    throw DataError(path + ": no feature fields besides the label");
  }
  assignClasses(raw, rawWhere, t);
  return t;
}

}  // namespace w2s
