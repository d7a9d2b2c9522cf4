#include "core/io/Npy.h"

#include <cctype>
#include <cstring>
#include <fstream>
#include <map>
#include <variant>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"

namespace w2s {

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

// The header is a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
// Values are strings, booleans or tuples of integers; this parses exactly that subset.
class HeaderParser {
 public:
  using Value = std::variant<std::string, bool, std::vector<int64_t>>;

  HeaderParser(const std::string& text, const std::string& path) : s_(text), path_(path) {}

  std::map<std::string, Value> parse() {
    std::map<std::string, Value> out;
    expect('{');
    while (true) {
      skipSpace();
      if (peek() == '}') break;
      const std::string key = quoted();
      expect(':');
      out[key] = value();
      skipSpace();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      expect('}');
      return out;
    }
    ++i_;
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw DataError(path_ + ": .npy header: " + what + " at offset " + std::to_string(i_) + " in " +
                    s_);
  }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void skipSpace() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  void expect(char c) {
    skipSpace();
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++i_;
  }
  std::string quoted() {
    skipSpace();
    const char q = peek();
    if (q != '\'' && q != '"') fail("expected a quoted string");
    const size_t end = s_.find(q, i_ + 1);
    if (end == std::string::npos) fail("unterminated string");
    std::string v = s_.substr(i_ + 1, end - i_ - 1);
    i_ = end + 1;
    return v;
  }
  int64_t integer() {
    skipSpace();
    size_t start = i_;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    if (start == i_) fail("expected a non-negative integer");
    // Checked: std::stoll would throw std::out_of_range, not a DataError, past int64.
    int64_t v = 0;
    for (size_t k = start; k < i_; ++k) {
      if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, s_[k] - '0', &v)) {
        fail("expected a dimension below 2^63");
      }
    }
    // Python 2 era files may write long integers as 3L.
    if (peek() == 'L') ++i_;
    return v;
  }
  Value value() {
    skipSpace();
    const char c = peek();
    if (c == '\'' || c == '"') return quoted();
    if (s_.compare(i_, 4, "True") == 0) {
      i_ += 4;
      return true;
    }
    if (s_.compare(i_, 5, "False") == 0) {
      i_ += 5;
      return false;
    }
    if (c == '(') {
      ++i_;
      std::vector<int64_t> dims;
      while (true) {
        skipSpace();
        if (peek() == ')') break;
        if (dims.size() >= 64) fail("expected at most 64 dimensions");
        dims.push_back(integer());
        skipSpace();
        if (peek() == ',') ++i_;
      }
      ++i_;
      return dims;
    }
    fail("expected a string, True, False or a tuple");
  }

  const std::string& s_;
  const std::string& path_;
  size_t i_ = 0;
};

DType parseDescr(const std::string& descr, const std::string& path) {
  if (descr.size() < 2) throw DataError(path + ": .npy descr '" + descr + "' is not a dtype");
  const char order = descr[0];
  const std::string type = descr.substr(1);
  if (order == '>') {
    throw DataError(path + ": .npy dtype '" + descr +
                    "' is big-endian; save it little-endian (arr.astype('<" + type + "'))");
  }
  if (order != '<' && order != '=' && order != '|') {
    throw DataError(path + ": .npy descr '" + descr + "': expected a byte order of '<'");
  }
  if (type == "f4") return DType::F32;
  if (type == "f8") return DType::F64;
  if (type == "i8") return DType::I64;
  if (type == "i4") return DType::I32;
  if (type == "f2") return DType::F16;
  throw DataError(path + ": .npy dtype '" + descr +
                  "' is not supported; expected float32, float64, float16, int64 or int32");
}

std::string npyDescr(DType t, const std::string& path) {
  switch (t) {
    case DType::F32:
      return "<f4";
    case DType::F64:
      return "<f8";
    case DType::I64:
      return "<i8";
    case DType::I32:
      return "<i4";
    case DType::F16:
      return "<f2";
    case DType::BF16:
      break;
  }
  throw DataError(path + ": bfloat16 has no .npy dtype; write it as float32 or use .safetensors");
}

}  // namespace

NdArray readNpy(const std::string& path) {
  const std::string bytes = readTextFile(path);
  if (bytes.size() < kMagicSize + 4 || std::memcmp(bytes.data(), kMagic, kMagicSize) != 0) {
    throw DataError(path + ": not a .npy file (expected the magic \\x93NUMPY at the start)");
  }
  const int major = static_cast<unsigned char>(bytes[6]);
  size_t headerLen = 0;
  size_t headerStart = 0;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(bytes[8]) |
                (static_cast<size_t>(static_cast<unsigned char>(bytes[9])) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw DataError(path + ": .npy file truncated inside its preamble");
    for (int k = 0; k < 4; ++k) {
      headerLen |= static_cast<size_t>(static_cast<unsigned char>(bytes[8 + k])) << (8 * k);
    }
    headerStart = 12;
  } else {
    throw DataError(path + ": .npy format version " + std::to_string(major) +
                    " is not supported (expected 1, 2 or 3)");
  }
  if (headerLen > bytes.size() - headerStart) {
    throw DataError(path + ": .npy header of " + std::to_string(headerLen) +
                    " bytes runs past the end of the file");
  }
  const std::string header = bytes.substr(headerStart, headerLen);
  const auto dict = HeaderParser(header, path).parse();
  auto field = [&](const char* key) -> const HeaderParser::Value& {
    auto it = dict.find(key);
    if (it == dict.end()) throw DataError(path + ": .npy header has no '" + key + "': " + header);
    return it->second;
  };
  const auto* descr = std::get_if<std::string>(&field("descr"));
  const auto* fortran = std::get_if<bool>(&field("fortran_order"));
  const auto* shape = std::get_if<std::vector<int64_t>>(&field("shape"));
  if (!descr || !fortran || !shape) {
    throw DataError(path + ": .npy header fields have unexpected types: " + header);
  }
  if (*fortran) {
    throw DataError(path + ": .npy array is in Fortran order; save np.ascontiguousarray(arr)");
  }
  NdArray a;
  a.dtype = parseDescr(*descr, path);
  a.shape = *shape;
  uint64_t need = 0;
  try {
    need = a.byteSize();  // checked: a shape may multiply past 64 bits
  } catch (const DataError& e) {
    throw DataError(path + ": .npy header: " + e.what());
  }
  const uint64_t have = bytes.size() - headerStart - headerLen;
  if (have < need) {
    throw DataError(path + ": .npy data truncated: " + a.describe() + " needs " +
                    std::to_string(need) + " bytes, the file has " + std::to_string(have));
  }
  a.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(headerStart + headerLen),
                bytes.begin() + static_cast<std::ptrdiff_t>(headerStart + headerLen + need));
  return a;
}

void writeNpy(const std::string& path, const NdArray& array) {
  std::string dict =
      "{'descr': '" + npyDescr(array.dtype, path) + "', 'fortran_order': False, 'shape': (";
  // Python tuple syntax: (3,) for one dimension, (3, 4) for two, () for a scalar.
  for (size_t i = 0; i < array.shape.size(); ++i) {
    dict += (i ? ", " : "") + std::to_string(array.shape[i]);
  }
  if (array.shape.size() == 1) dict += ",";
  dict += "), }";
  if (static_cast<size_t>(array.numel()) * dtypeSize(array.dtype) != array.data.size()) {
    throw DataError(path + ": array " + array.describe() + " holds " +
                    std::to_string(array.data.size()) + " bytes, which does not match its shape");
  }
  // Pad with spaces and a final newline so that the data starts on a 64-byte boundary.
  const bool v2 = dict.size() + 1 + 10 > 65535;
  const size_t preamble = v2 ? 12 : 10;
  const size_t total = (preamble + dict.size() + 1 + 63) / 64 * 64;
  dict.append(total - preamble - dict.size() - 1, ' ');
  dict.push_back('\n');
  std::string out(kMagic, kMagicSize);
  out.push_back(static_cast<char>(v2 ? 2 : 1));
  out.push_back('\0');
  const size_t len = dict.size();
  for (size_t k = 0; k < (v2 ? 4u : 2u); ++k)
    out.push_back(static_cast<char>((len >> (8 * k)) & 0xFF));
  out += dict;
  writeFileAtomically(path, [&](std::ostream& f) {
    f.write(out.data(), static_cast<std::streamsize>(out.size()));
    f.write(reinterpret_cast<const char*>(array.data.data()),
            static_cast<std::streamsize>(array.data.size()));
  });
}

}  // namespace w2s
