#pragma once
// Typed access to JSON fields with errors that name the field path and what was expected.
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace w2s {

/// Reads object fields of `obj` found at `where` (e.g. "sweep.json: train").
class JsonFields {
 public:
  JsonFields(const nlohmann::json& obj, std::string where);

  /// Throws SpecError if a key is not in `allowed` (catches typos such as "seed" for "seeds").
  void allowOnly(std::initializer_list<const char*> allowed) const;
  void allowOnly(const std::vector<std::string>& allowed) const;
  bool has(const char* key) const;
  std::string path(const char* key) const;

  double number(const char* key, double fallback) const;
  /// A number that must be > 0 (or >= 0 when allowZero).
  double positive(const char* key, double fallback, bool allowZero = false) const;
  /// An integer in [min, max]; the error shows the value as written, even past 64 bits.
  int64_t integer(const char* key, int64_t fallback, int64_t min, int64_t max) const;
  /// integer() for fields held in an int: `max` must fit in an int.
  int smallInt(const char* key, int fallback, int min, int max) const;
  std::string string(const char* key, const std::string& fallback) const;
  std::string oneOf(const char* key, const std::string& fallback,
                    std::initializer_list<const char*> choices) const;
  std::string oneOf(const char* key, const std::string& fallback,
                    const std::vector<std::string>& choices) const;
  bool boolean(const char* key, bool fallback) const;
  /// A stored config's "revision" of a definition (`what`, e.g. "the loss 'window'"): absent, or
  /// equal to `current`; another one is refused, so results of an old definition are not reused.
  void revision(const std::string& what, int current) const;
  const nlohmann::json& at(const char* key) const;

  /// Kind of a JSON value in words, for messages ("a string", "a number" ...).
  static std::string kind(const nlohmann::json& v);

 private:
  const nlohmann::json& obj_;
  std::string where_;
};

}  // namespace w2s
