#include "core/text/Utf8.h"

#include <cstdint>

namespace w2s {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when the byte there starts none.
size_t sequenceLength(const std::string& s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t len;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (overlong || surrogate || cp > 0x10FFFF) return 0;
  return len;
}

// Windows-1252 0x80..0x9F; the five bytes it leaves undefined keep their Latin-1 code point.
const uint16_t kCp1252High[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void appendCodePoint(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

bool isValidUtf8(const std::string& bytes) {
  for (size_t i = 0; i < bytes.size();) {
    const size_t len = sequenceLength(bytes, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string repairUtf8(const std::string& bytes) {
  if (isValidUtf8(bytes)) return bytes;
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (size_t i = 0; i < bytes.size();) {
    const size_t len = sequenceLength(bytes, i);
    if (len > 0) {
      out.append(bytes, i, len);
      i += len;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    appendCodePoint(out, c >= 0x80 && c < 0xA0 ? kCp1252High[c - 0x80] : c);
    ++i;
  }
  return out;
}

}  // namespace w2s

namespace w2s {

namespace {

// Code point of the valid sequence of `len` bytes at s[i].
uint32_t decodeAt(const std::string& s, size_t i, size_t len) {
  const auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[k])); };
  if (len == 1) return b(i);
  uint32_t cp = b(i) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (b(i + k) & 0x3F);
  return cp;
}

// Control characters, and the invisible ones that reorder or break lines on a terminal.
bool needsEscape(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

std::string hexEscape(const char* prefix, uint32_t v, int digits) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = prefix;
  for (int k = digits - 1; k >= 0; --k) out.push_back(kHex[(v >> (4 * k)) & 0xF]);
  return out;
}

}  // namespace

std::string printableText(const std::string& bytes, bool keepNewlines) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    const size_t len = sequenceLength(bytes, i);
    if (len == 0) {  // not UTF-8: show the byte
      out += hexEscape("\\x", static_cast<unsigned char>(bytes[i]), 2);
      ++i;
      continue;
    }
    const uint32_t cp = decodeAt(bytes, i, len);
    if (needsEscape(cp) && !(keepNewlines && cp == '\n')) {
      out += cp < 0x80 ? hexEscape("\\x", cp, 2) : hexEscape("\\u", cp, 4);
    } else {
      out.append(bytes, i, len);
    }
    i += len;
  }
  return out;
}

}  // namespace w2s
