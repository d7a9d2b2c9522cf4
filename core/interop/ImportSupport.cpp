#include "core/interop/ImportSupport.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/util/Error.h"
#include "core/util/JsonLimits.h"
#include "core/util/Paths.h"

namespace fs = std::filesystem;

namespace w2s {

namespace {

std::string joinKeys(const std::vector<std::string>& keys) {
  std::string s;
  for (const auto& k : keys) s += (s.empty() ? "\"" : ", \"") + k + "\"";
  return s;
}

size_t commonPrefix(const fs::path& a, const fs::path& b) {
  size_t n = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end() && *i == *j; ++i, ++j) ++n;
  return n;
}

}  // namespace

void requireInsideFolder(const fs::path& file, const fs::path& folder) {
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(folder, ec);
  if (ec) throw DataError(folder.string() + ": cannot resolve the folder (" + ec.message() + ")");
  const fs::path real = fs::weakly_canonical(file, ec);
  if (ec) throw DataError(file.string() + ": cannot resolve the path (" + ec.message() + ")");
  auto r = root.begin();
  auto f = real.begin();
  for (; r != root.end() && !r->empty() && f != real.end() && *r == *f; ++r, ++f) {
  }
  if (r != root.end() && !r->empty()) {
    throw DataError(file.string() + ": expected a file inside the import folder " +
                    folder.string() + ", got a symbolic link to " + real.string());
  }
}

nlohmann::json readJsonFile(const fs::path& file, const fs::path& folder) {
  if (!fs::exists(file)) throw DataError(file.string() + ": file is missing");
  requireInsideFolder(file, folder);
  return parseJsonLimited(readTextFile(file.string()), file.string());
}

std::vector<fs::path> findRunFolders(const fs::path& root,
                                     const std::vector<std::string>& markers) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw DataError(root.string() + ": no such folder");
  auto hasAll = [&](const fs::path& dir) {
    return std::all_of(markers.begin(), markers.end(),
                       [&](const std::string& m) { return fs::is_regular_file(dir / m, ec); });
  };
  std::vector<fs::path> found;
  if (hasAll(root)) found.push_back(root);
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) throw DataError(root.string() + ": cannot list the folder (" + ec.message() + ")");
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) throw DataError(root.string() + ": cannot list the folder (" + ec.message() + ")");
    if (it->is_directory(ec) && hasAll(it->path())) found.push_back(it->path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::optional<double> numberField(const nlohmann::json& object,
                                  const std::vector<std::string>& keys) {
  if (!object.is_object()) return std::nullopt;
  for (const auto& k : keys) {
    if (object.contains(k) && object.at(k).is_number()) return object.at(k).get<double>();
  }
  return std::nullopt;
}

double accuracyField(const nlohmann::json& results, const std::vector<std::string>& keys,
                     const fs::path& file) {
  if (!results.is_object()) throw DataError(file.string() + ": expected a JSON object");
  const auto acc = numberField(results, keys);
  if (!acc) {
    throw DataError(file.string() + ": no test accuracy (expected a number in one of " +
                    joinKeys(keys) + ")");
  }
  if (!(*acc >= 0.0 && *acc <= 1.0)) {
    throw DataError(file.string() + ": test accuracy " + std::to_string(*acc) +
                    " is outside [0, 1]");
  }
  return *acc;
}

uint64_t seedField(const nlohmann::json& value, const std::string& field, const fs::path& file) {
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_number_integer() && value.get<int64_t>() >= 0) {
    return static_cast<uint64_t>(value.get<int64_t>());
  }
  throw DataError(file.string() + ": field \"" + field + "\" must be a non-negative integer, got " +
                  value.dump());
}

std::string stringField(const nlohmann::json& object, const std::string& field,
                        const fs::path& file) {
  if (!object.is_object()) throw DataError(file.string() + ": expected a JSON object");
  if (!object.contains(field))
    throw DataError(file.string() + ": field \"" + field + "\" is missing");
  if (!object.at(field).is_string()) {
    throw DataError(file.string() + ": field \"" + field + "\" must be a string, got " +
                    object.at(field).dump());
  }
  return object.at(field).get<std::string>();
}

int bestMatch(const std::vector<ImportedRun>& runs, const ImportedRun& student,
              const nlohmann::json& prefer, const std::function<bool(const ImportedRun&)>& accept) {
  int best = -1;
  std::tuple<int, size_t> bestScore{-1, 0};
  for (size_t i = 0; i < runs.size(); ++i) {
    const ImportedRun& c = runs[i];
    if (&c == &student || !accept(c)) continue;
    int equal = 0;
    if (prefer.is_object() && c.original.is_object()) {
      for (const auto& [k, v] : prefer.items()) {
        if (c.original.contains(k) && c.original.at(k) == v) ++equal;
      }
    }
    const std::tuple<int, size_t> score{equal, commonPrefix(c.path, student.path)};
    // Runs are sorted by path, so on equal scores the first (smallest path) wins.
    if (best < 0 || score > bestScore) {
      best = static_cast<int>(i);
      bestScore = score;
    }
  }
  return best;
}

std::string detectImportFormat(const std::string& folder) {
  if (!findRunFolders(folder, {"config.json", "results_summary.json"}).empty()) return "openai";
  if (!findRunFolders(folder, {"config.json", "results.json"}).empty()) return "eleuther";
  throw DataError(folder +
                  ": found neither openai/weak-to-strong run folders (config.json + "
                  "results_summary.json) nor EleutherAI/w2s stage folders (config.json + "
                  "results.json); pass --format if the layout differs");
}

}  // namespace w2s
