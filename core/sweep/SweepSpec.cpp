#include "core/sweep/SweepSpec.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/sweep/InputFiles.h"
#include "core/util/Error.h"
#include "core/util/JsonFields.h"
#include "core/util/JsonText.h"

namespace w2s {

namespace {

using json = nlohmann::json;

const std::vector<std::string> kTopLevelKeys = {
    "name",  "description", "task",  "ladder", "weak_sizes", "strong_sizes", "pairs",
    "views", "losses",      "seeds", "train",  "per_size",   "device",       "pretrain"};

[[noreturn]] void fail(const std::string& source, const std::string& path,
                       const std::string& expected, const std::string& got) {
  throw SpecError(source + ": " + path + ": expected " + expected + ", got " + got);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// " (did you mean "seeds"?)" when a candidate is close to `word`, else "".
std::string didYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t bestDistance = 3;  // more than two edits away is not a typo
  for (const auto& c : candidates) {
    const size_t d = editDistance(word, c);
    if (d < bestDistance && d < word.size()) {  // "b" is not a typo of "a"
      bestDistance = d;
      best = c;
    }
  }
  return best.empty() ? "" : " (did you mean \"" + best + "\"?)";
}

/// Runs a parser of another unit, turning stray nlohmann type errors into SpecErrors at `where`.
template <class F>
auto guarded(const std::string& where, F parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const json::exception& e) {
    throw SpecError(where + ": " + e.what());
  }
}

const json& requireArray(const json& j, const std::string& source, const std::string& path,
                         const std::string& what) {
  if (!j.is_array() || j.empty()) {
    fail(source, path, "a non-empty array of " + what, JsonFields::kind(j));
  }
  return j;
}

/// A non-empty list of distinct ladder names at `path`.
std::vector<std::string> parseSizeList(const json& j, const std::string& source,
                                       const std::string& path,
                                       const std::vector<std::string>& ladderNames) {
  requireArray(j, source, path, "ladder size names");
  std::vector<std::string> names;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string at = path + "[" + std::to_string(i) + "]";
    if (!j[i].is_string()) fail(source, at, "a ladder size name", JsonFields::kind(j[i]));
    const std::string name = j[i].get<std::string>();
    if (std::find(ladderNames.begin(), ladderNames.end(), name) == ladderNames.end()) {
      fail(source, at, "a name from the ladder (" + joined(ladderNames) + ")",
           "\"" + name + "\"" + didYouMean(name, ladderNames));
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      fail(source, at, "each size once", "\"" + name + "\" again");
    }
    names.push_back(name);
  }
  return names;
}

/// Parses each element of the non-empty array `field` with `parse`; two elements with the same
/// `key` (a display string: a quoted name, or a loss's JSON) are an error.
template <class T, class Parse, class Key>
std::vector<T> parseUniqueList(const json& j, const std::string& source, const std::string& field,
                               const std::string& what, Parse parse, Key key,
                               const std::string& keySuffix) {
  requireArray(j, source, field, what);
  std::vector<T> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string path = field + "[" + std::to_string(i) + "]";
    const std::string where = source + ": " + path;
    T item = guarded(where, [&] { return parse(j[i], where); });
    for (size_t k = 0; k < out.size(); ++k) {
      if (key(out[k]) == key(item)) {
        fail(source, path + keySuffix, "each entry of " + field + " to differ from the others",
             key(item) + " (same as " + field + "[" + std::to_string(k) + "])");
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<uint64_t> parseSeeds(const json& j, const std::string& source) {
  requireArray(j, source, "seeds", "non-negative integers");
  std::vector<uint64_t> seeds;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string path = "seeds[" + std::to_string(i) + "]";
    const bool ok =
        j[i].is_number_unsigned() || (j[i].is_number_integer() && j[i].get<int64_t>() >= 0);
    if (!ok) fail(source, path, "a non-negative integer", JsonFields::kind(j[i]));
    const uint64_t seed = j[i].get<uint64_t>();
    if (std::find(seeds.begin(), seeds.end(), seed) != seeds.end()) {
      fail(source, path, "each seed once", std::to_string(seed) + " again");
    }
    seeds.push_back(seed);
  }
  return seeds;
}

void parsePerSize(const json& j, const std::string& source, SweepSpec& spec) {
  if (!j.is_object())
    fail(source, "per_size", "an object {size name: train fields}", JsonFields::kind(j));
  std::vector<std::string> names;
  for (const auto& m : spec.ladder) names.push_back(m.name);
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string path = "per_size." + it.key();
    if (std::find(names.begin(), names.end(), it.key()) == names.end()) {
      fail(source, path, "a name from the ladder (" + joined(names) + ")",
           "\"" + it.key() + "\"" + didYouMean(it.key(), names));
    }
    const std::string where = source + ": " + path;
    // Parsed now so a bad override fails at load time, not when its job starts.
    guarded(where, [&] { return TrainConfig::fromJson(it.value(), where, spec.train); });
    spec.perSize[it.key()] = it.value();
  }
}

/// The runner's devices (SweepRunner, RunOptions::device).
std::string parseDevice(const json& j, const std::string& source) {
  const std::string d = j.is_string() ? j.get<std::string>() : "";
  if (d != "auto" && d != "cpu" && d != "cuda") {
    fail(source, "device", "\"auto\", \"cpu\" or \"cuda\"", JsonFields::kind(j));
  }
  return d;
}

}  // namespace

SweepSpec SweepSpec::fromJson(const json& j, const std::string& source,
                              const std::string& baseDir) {
  if (!j.is_object())
    fail(source, "(top level)", "an object with the sweep's fields", JsonFields::kind(j));
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), it.key()) == kTopLevelKeys.end() &&
        std::find(methodOptionKeys().begin(), methodOptionKeys().end(), it.key()) ==
            methodOptionKeys().end()) {
      std::vector<std::string> known = kTopLevelKeys;
      known.insert(known.end(), methodOptionKeys().begin(), methodOptionKeys().end());
      fail(source, it.key(), "a known key (" + joined(known) + ")",
           "unknown key \"" + it.key() + "\"" + didYouMean(it.key(), known));
    }
  }
  SweepSpec spec;
  spec.raw = j;
  spec.source = source;

  spec.name = std::filesystem::path(source).stem().string();
  if (j.contains("name")) {
    if (!j["name"].is_string() || j["name"].get<std::string>().empty()) {
      fail(source, "name", "a non-empty string", JsonFields::kind(j["name"]));
    }
    spec.name = j["name"].get<std::string>();
  }
  if (spec.name.empty()) spec.name = "sweep";
  if (j.contains("description") && !j["description"].is_string()) {
    fail(source, "description", "a string", JsonFields::kind(j["description"]));
  }

  if (!j.contains("task"))
    fail(source, "task", "an object describing the task", "nothing (missing)");
  const std::string taskWhere = source + ": task";
  spec.task = guarded(taskWhere, [&] { return TaskSpec::fromJson(j["task"], taskWhere); });

  if (!j.contains("ladder"))
    fail(source, "ladder", "a non-empty array of model objects", "nothing (missing)");
  spec.ladder = parseUniqueList<ModelSpec>(
      j["ladder"], source, "ladder", "model objects", &ModelSpec::fromJson,
      [](const ModelSpec& m) { return "\"" + m.name + "\""; }, ".name");
  std::vector<std::string> names;
  for (const auto& m : spec.ladder) names.push_back(m.name);
  spec.weakSizes = j.contains("weak_sizes")
                       ? parseSizeList(j["weak_sizes"], source, "weak_sizes", names)
                       : names;
  spec.strongSizes = j.contains("strong_sizes")
                         ? parseSizeList(j["strong_sizes"], source, "strong_sizes", names)
                         : names;

  if (j.contains("pairs")) {
    const std::vector<std::string> rules = {"weak<=strong", "weak<strong", "all"};
    const json& p = j["pairs"];
    if (!p.is_string() ||
        std::find(rules.begin(), rules.end(), p.get<std::string>()) == rules.end()) {
      fail(source, "pairs", "\"weak<=strong\", \"weak<strong\" or \"all\"", JsonFields::kind(p));
    }
    spec.pairs = p.get<std::string>();
  }

  auto quotedName = [](const ViewSpec& v) { return "\"" + v.name + "\""; };
  spec.views = j.contains("views")
                   ? parseUniqueList<ViewSpec>(j["views"], source, "views", "view objects",
                                               &ViewSpec::fromJson, quotedName, ".name")
                   : std::vector<ViewSpec>{ViewSpec()};
  auto lossJson = [](const LossSpec& l) { return l.toJson().dump(); };
  spec.losses = j.contains("losses") ? parseUniqueList<LossSpec>(j["losses"], source, "losses",
                                                                 "loss names or loss objects",
                                                                 &LossSpec::fromJson, lossJson, "")
                                     : std::vector<LossSpec>{LossSpec()};
  // Input files named relative to the sweep file are read next to it, wherever w2s runs.
  resolveInputPaths(spec, baseDir);
  spec.seeds = j.contains("seeds") ? parseSeeds(j["seeds"], source) : std::vector<uint64_t>{0};

  if (j.contains("train")) {
    const std::string where = source + ": train";
    spec.train = guarded(where, [&] { return TrainConfig::fromJson(j["train"], where); });
  }
  if (j.contains("per_size")) parsePerSize(j["per_size"], source, spec);
  if (j.contains("device")) spec.device = parseDevice(j["device"], source);
  if (j.contains("pretrain")) {
    const std::string where = source + ": pretrain";
    spec.pretrain = guarded(where, [&] { return PretrainConfig::fromJson(j["pretrain"], where); });
  }
  spec.methods = parseMethodOptions(j, source);
  return spec;
}

SweepSpec SweepSpec::fromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    throw SpecError(path + ": expected a readable sweep file, got " +
                    (exists ? "a file that cannot be opened" : "no such file"));
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string folder = std::filesystem::absolute(path).parent_path().string();
  return fromJson(parseJsonText(text, path), path, folder);
}

const ModelSpec& SweepSpec::model(const std::string& size) const {
  for (const auto& m : ladder) {
    if (m.name == size) return m;
  }
  std::vector<std::string> names;
  for (const auto& m : ladder) names.push_back(m.name);
  throw SpecError(name + ": ladder: expected a size named \"" + size + "\", got only " +
                  joined(names));
}

TrainConfig SweepSpec::trainFor(const std::string& size) const {
  const auto it = perSize.find(size);
  if (it == perSize.end()) return train;
  return TrainConfig::fromJson(it->second, name + ": per_size." + size, train);
}

}  // namespace w2s
