#pragma once
// Text that enters the engine is valid UTF-8, so it can go into JSON, SQLite and the window as is.
#include <string>

namespace w2s {

/// True when `bytes` is valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool isValidUtf8(const std::string& bytes);

/// `bytes` with every byte that is not part of a valid UTF-8 sequence read as Windows-1252 (the
/// usual encoding of such bytes in old mail and spreadsheets) and re-encoded as UTF-8. Valid UTF-8
/// comes back unchanged.
std::string repairUtf8(const std::string& bytes);

/// `bytes` made safe to print on a terminal: control characters (ESC, CR, C1 controls, bidi
/// overrides) become \xNN or \uNNNN, and bytes that are not UTF-8 become \xNN. For names that
/// come from files and stores, which may hold escape sequences. `keepNewlines` leaves '\n' as is
/// (multi-line messages).
std::string printableText(const std::string& bytes, bool keepNewlines = false);

}  // namespace w2s
