#include "core/cli/Args.h"

#include "core/util/Error.h"

namespace w2s {

Args::Args(const std::vector<std::string>& args, const std::string& command,
           const std::set<std::string>& valued, const std::set<std::string>& flags)
    : command_(command) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0 || a == "--") {
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), val;
    const auto eq = name.find('=');
    const bool inlineValue = eq != std::string::npos;
    if (inlineValue) {
      val = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (valued.count(name)) {
      if (!inlineValue) {
        if (i + 1 >= args.size()) {
          throw SpecError("w2s " + command_ + ": option --" + name + " expects a value");
        }
        val = args[++i];
      }
      values_[name] = val;
    } else if (flags.count(name) && !inlineValue) {
      flags_.insert(name);
    } else {
      std::string known;
      for (const auto& v : valued) known += " --" + v;
      for (const auto& f : flags) known += " --" + f;
      throw SpecError("w2s " + command_ + ": unknown option --" + name + " (known:" + known + ")");
    }
  }
}

std::optional<std::string> Args::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Args::value(const std::string& name, const std::string& fallback) const {
  return value(name).value_or(fallback);
}

int Args::integer(const std::string& name, int fallback, int min, int max) const {
  auto v = value(name);
  if (!v) return fallback;
  size_t used = 0;
  int n = 0;
  try {
    n = std::stoi(*v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v->size() || n < min || n > max) {
    throw SpecError("w2s " + command_ + ": --" + name + " expects an integer in [" +
                    std::to_string(min) + ", " + std::to_string(max) + "], got \"" + *v + "\"");
  }
  return n;
}

}  // namespace w2s
