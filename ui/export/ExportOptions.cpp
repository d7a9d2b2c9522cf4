#include "ui/export/ExportOptions.h"

#include <QStringList>
#include <cmath>

#include "core/util/Error.h"

namespace w2s {

namespace {
constexpr double kGoldenRatio = 1.6180339887498949;
}

double ExportOptions::height() const { return heightIn > 0 ? heightIn : widthIn / kGoldenRatio; }

const std::vector<SizePreset>& ExportOptions::presets() {
  static const std::vector<SizePreset> list = {
      {"icml-column", "ICML / AISTATS column (3.25 in)", 3.25},
      {"icml-full", "ICML / AISTATS full width (6.75 in)", 6.75},
      {"neurips", "NeurIPS / ICLR text width (5.5 in)", 5.5},
      {"aaai-column", "AAAI column (3.3 in)", 3.3},
      {"aaai-full", "AAAI full width (6.975 in)", 6.975},
      {"cvpr-column", "CVPR column (3.25 in)", 3.25},
      {"cvpr-full", "CVPR full width (6.875 in)", 6.875},
      {"ieee-column", "IEEE column (3.5 in)", 3.5},
      {"ieee-full", "IEEE full width (7.16 in)", 7.16},
      {"nature-column", "Nature single column (89 mm)", 89.0 / 25.4},
      {"nature-full", "Nature double column (183 mm)", 183.0 / 25.4},
  };
  return list;
}

QString ExportOptions::presetNames() {
  QStringList names;
  for (const auto& p : presets()) names << p.name;
  return names.join(QStringLiteral(", "));
}

bool ExportOptions::applyPreset(const QString& name) {
  for (const auto& p : presets()) {
    if (p.name == name) {
      widthIn = p.widthIn;
      return true;
    }
  }
  return false;
}

void ExportOptions::validate() const {
  auto fail = [](const std::string& what) { throw SpecError("figure export: " + what); };
  if (!std::isfinite(widthIn) || widthIn < 0.5 || widthIn > 40) {
    fail("width " + std::to_string(widthIn) + " in: expected 0.5 to 40 inches");
  }
  if (!std::isfinite(heightIn) || heightIn < 0 || (heightIn > 0 && heightIn < 0.5) ||
      heightIn > 40) {
    fail("height " + std::to_string(heightIn) +
         " in: expected 0 (golden ratio) or 0.5 to 40 inches");
  }
  if (dpi < 36 || dpi > 2400) fail("dpi " + std::to_string(dpi) + ": expected 36 to 2400");
  if (!std::isfinite(fontPt) || fontPt < 4 || fontPt > 30) {
    fail("font size " + std::to_string(fontPt) + " pt: expected 4 to 30 pt");
  }
}

}  // namespace w2s
