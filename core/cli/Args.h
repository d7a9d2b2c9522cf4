#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace w2s {

/// Parsed `--name value` options, `--flag`s and positional arguments of one subcommand.
class Args {
 public:
  /// `valued`: options that take a value; `flags`: options without one. Unknown options throw
  /// SpecError naming the option and the command.
  Args(const std::vector<std::string>& args, const std::string& command,
       const std::set<std::string>& valued, const std::set<std::string>& flags = {});

  const std::vector<std::string>& positional() const { return positional_; }
  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  std::optional<std::string> value(const std::string& name) const;
  std::string value(const std::string& name, const std::string& fallback) const;
  /// Integer option with bounds; throws SpecError naming the option.
  int integer(const std::string& name, int fallback, int min, int max) const;

 private:
  std::string command_;
  std::vector<std::string> positional_;
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
};

}  // namespace w2s
