#pragma once
// Conversions between the sweep designer's plain widgets and the sweep file's JSON: lists typed
// as text, numbers typed as text, and fields read from a loaded file with a fallback.
#include <QString>
#include <nlohmann/json.hpp>

class QComboBox;
class QSpinBox;
class QWidget;

namespace w2s {

/// "0, 1, x" -> [0, 1, "x"]: what does not parse stays text, so core's error names it.
nlohmann::ordered_json numberList(const QString& text);
/// "w8, w32" -> ["w8", "w32"] (commas or white space between names).
nlohmann::ordered_json nameList(const QString& text);
/// A number typed as text ("3e-4"); left as text when it does not parse.
nlohmann::ordered_json numberText(const QString& text);
/// [0, 1] -> "0, 1"; "" for anything but an array.
QString listText(const nlohmann::json& array);

/// A spin box with the range and value given, accelerated.
QSpinBox* spin(int min, int max, int value, QWidget* parent);
/// Selects `text`; an editable combo box gains it as an item, another selects its first item.
void setCombo(QComboBox* combo, const QString& text);

/// A field of a loaded file, or `fallback` when it is missing or of another type (the form
/// then shows the fallback and core's validation of the saved file reports nothing wrong).
template <class T>
T val(const nlohmann::json& j, const char* key, T fallback) {
  if (!j.is_object() || !j.contains(key)) return fallback;
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    return fallback;
  }
}

}  // namespace w2s
