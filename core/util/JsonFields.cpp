#include "core/util/JsonFields.h"

#include <cmath>

#include "core/util/Error.h"

namespace w2s {

JsonFields::JsonFields(const nlohmann::json& obj, std::string where)
    : obj_(obj), where_(std::move(where)) {
  if (!obj_.is_object()) {
    throw SpecError(where_ + ": expected an object, got " + kind(obj_));
  }
}

std::string JsonFields::kind(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "the string \"" + v.get<std::string>() + "\"";
    case nlohmann::json::value_t::boolean:
      return v.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return "the number " + v.dump();
    default:
      return "an unsupported value";
  }
}

void JsonFields::allowOnly(std::initializer_list<const char*> allowed) const {
  allowOnly(std::vector<std::string>(allowed.begin(), allowed.end()));
}

void JsonFields::allowOnly(const std::vector<std::string>& allowed) const {
  for (auto it = obj_.begin(); it != obj_.end(); ++it) {
    bool ok = false;
    for (const auto& a : allowed) ok = ok || it.key() == a;
    if (!ok) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      throw SpecError(where_ + "." + it.key() + ": unknown field (allowed: " + list + ")");
    }
  }
}

bool JsonFields::has(const char* key) const { return obj_.contains(key); }

std::string JsonFields::path(const char* key) const { return where_ + "." + key; }

const nlohmann::json& JsonFields::at(const char* key) const {
  if (!obj_.contains(key)) throw SpecError(path(key) + ": required field is missing");
  return obj_.at(key);
}

double JsonFields::number(const char* key, double fallback) const {
  if (!has(key)) return fallback;
  const auto& v = obj_.at(key);
  if (!v.is_number()) throw SpecError(path(key) + ": expected a number, got " + kind(v));
  const double d = v.get<double>();
  if (!std::isfinite(d)) throw SpecError(path(key) + ": expected a finite number");
  return d;
}

double JsonFields::positive(const char* key, double fallback, bool allowZero) const {
  const double d = number(key, fallback);
  if (d < 0 || (!allowZero && d == 0)) {
    throw SpecError(path(key) + ": expected a number " + (allowZero ? ">= 0" : "> 0") + ", got " +
                    kind(obj_.at(key)));
  }
  return d;
}

int64_t JsonFields::integer(const char* key, int64_t fallback, int64_t min, int64_t max) const {
  if (!has(key)) return fallback;
  const auto& v = obj_.at(key);
  if (!v.is_number_integer()) throw SpecError(path(key) + ": expected an integer, got " + kind(v));
  // An unsigned value past INT64_MAX would wrap to a negative int64_t: compare it unsigned.
  bool outside = false;
  if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    outside =
        (max < 0 || u > static_cast<uint64_t>(max)) || (min > 0 && u < static_cast<uint64_t>(min));
  } else {
    const int64_t i = v.get<int64_t>();
    outside = i < min || i > max;
  }
  if (outside) {
    throw SpecError(path(key) + ": expected an integer between " + std::to_string(min) + " and " +
                    std::to_string(max) + ", got " + v.dump());
  }
  return v.get<int64_t>();
}

int JsonFields::smallInt(const char* key, int fallback, int min, int max) const {
  return static_cast<int>(integer(key, fallback, min, max));
}

std::string JsonFields::string(const char* key, const std::string& fallback) const {
  if (!has(key)) return fallback;
  const auto& v = obj_.at(key);
  if (!v.is_string()) throw SpecError(path(key) + ": expected a string, got " + kind(v));
  return v.get<std::string>();
}

std::string JsonFields::oneOf(const char* key, const std::string& fallback,
                              std::initializer_list<const char*> choices) const {
  return oneOf(key, fallback, std::vector<std::string>(choices.begin(), choices.end()));
}

std::string JsonFields::oneOf(const char* key, const std::string& fallback,
                              const std::vector<std::string>& choices) const {
  const std::string s = string(key, fallback);
  std::string list;
  for (const auto& c : choices) {
    if (s == c) return s;
    list += (list.empty() ? "" : ", ") + std::string("\"") + c + "\"";
  }
  throw SpecError(path(key) + ": expected one of " + list + ", got \"" + s + "\"");
}

bool JsonFields::boolean(const char* key, bool fallback) const {
  if (!has(key)) return fallback;
  const auto& v = obj_.at(key);
  if (!v.is_boolean()) throw SpecError(path(key) + ": expected true or false, got " + kind(v));
  return v.get<bool>();
}

void JsonFields::revision(const std::string& what, int current) const {
  if (!has("revision")) return;
  const int64_t made = integer("revision", current, 0, 1 << 20);
  if (made != current) {
    throw SpecError(path("revision") + ": " + what + " is at revision " + std::to_string(current) +
                    ", this config was made with revision " + std::to_string(made));
  }
}

}  // namespace w2s
