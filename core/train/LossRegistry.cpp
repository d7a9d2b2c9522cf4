#include "core/train/LossRegistry.h"

#include <cmath>
#include <cstdint>
#include <set>
#include <sstream>

namespace w2s {

// Each built-in loss describes itself in its own file.
LossInfo xentLossInfo();
LossInfo logconfLossInfo();
LossInfo productLossInfo();
LossInfo klLossInfo();
LossInfo entropyLossInfo();
LossInfo windowLossInfo();
LossInfo windowLabelsLossInfo();

const std::vector<LossInfo>& lossRegistry() {
  static const std::vector<LossInfo> losses = {
      xentLossInfo(),    logconfLossInfo(), productLossInfo(),      klLossInfo(),
      entropyLossInfo(), windowLossInfo(),  windowLabelsLossInfo(),
  };
  return losses;
}

const LossInfo* findLoss(const std::string& name) {
  for (const auto& l : lossRegistry()) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

std::string lossNameList() {
  const auto& losses = lossRegistry();
  std::string s;
  for (size_t i = 0; i < losses.size(); ++i) {
    if (i) s += i + 1 == losses.size() ? " or " : ", ";
    s += "'" + losses[i].name + "'";
  }
  return s;
}

std::vector<LossOption> allLossOptions() {
  std::vector<LossOption> out;
  std::set<std::string> seen;
  for (const auto& l : lossRegistry()) {
    for (const auto& o : l.options) {
      if (seen.insert(o.key).second) out.push_back(o);
    }
  }
  return out;
}

namespace {

std::string number(double v) {
  std::ostringstream s;
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    s << static_cast<int64_t>(v);
  } else {
    s << v;
  }
  return s.str();
}

std::string range(const LossOption& o) {
  const std::string kind = o.integer ? "integer" : "number";
  if (o.max >= 1e300) return kind + (o.minOpen ? " > " : " ≥ ") + number(o.min);
  return kind + " in " + (o.minOpen ? "(" : "[") + number(o.min) + ", " + number(o.max) + "]";
}

}  // namespace

std::string lossTableMarkdown() {
  std::ostringstream s;
  s << "| `name` | what it trains on | options |\n|---|---|---|\n";
  for (const auto& l : lossRegistry()) {
    s << "| `" << l.name << "` | " << l.summary;
    if (!l.allowsHardLabels) s << " Not with `hard_labels`.";
    s << " | ";
    for (size_t i = 0; i < l.options.size(); ++i)
      s << (i ? ", " : "") << "`" << l.options[i].key << "`";
    if (l.options.empty()) s << "—";
    s << " |\n";
  }
  s << "\n| option | of | type | default | meaning |\n|---|---|---|---|---|\n";
  for (const auto& l : lossRegistry()) {
    for (const auto& o : l.options) {
      s << "| `" << o.key << "` | " << l.name << " | " << range(o) << " | "
        << number(o.defaultValue) << " | " << o.doc << " |\n";
    }
  }
  return s.str();
}

}  // namespace w2s
