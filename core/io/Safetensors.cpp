#include "core/io/Safetensors.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <tuple>
#include <vector>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/JsonLimits.h"
#include "core/util/Paths.h"

namespace w2s {

namespace {

// A header above this size is a corrupt length field, not a real header.
constexpr uint64_t kMaxHeader = 100ull << 20;

DType parseDtype(const std::string& name, const std::string& where) {
  if (name == "F32") return DType::F32;
  if (name == "F64") return DType::F64;
  if (name == "I64") return DType::I64;
  if (name == "I32") return DType::I32;
  if (name == "F16") return DType::F16;
  if (name == "BF16") return DType::BF16;
  throw DataError(where + ": dtype '" + name +
                  "' is not supported; expected F32, F64, F16, BF16, I64 or I32");
}

}  // namespace

SafetensorsFile readSafetensors(const std::string& path) {
  const std::string bytes = readTextFile(path);
  if (bytes.size() < 8) {
    throw DataError(path + ": not a .safetensors file (shorter than the 8-byte header length)");
  }
  uint64_t headerLen = 0;
  for (int k = 0; k < 8; ++k) {
    headerLen |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[k])) << (8 * k);
  }
  if (headerLen > kMaxHeader || headerLen > bytes.size() - 8) {
    throw DataError(path + ": .safetensors header length " + std::to_string(headerLen) +
                    " does not fit in the file of " + std::to_string(bytes.size()) + " bytes");
  }
  const nlohmann::json header = parseJsonLimited(bytes.data() + 8, static_cast<size_t>(headerLen),
                                                 path + ": .safetensors header", JsonReadOptions());
  if (!header.is_object()) throw DataError(path + ": .safetensors header is not a JSON object");
  const uint64_t dataStart = 8 + headerLen;
  const uint64_t dataSize = bytes.size() - dataStart;
  SafetensorsFile out;
  std::vector<std::tuple<uint64_t, uint64_t, std::string>> ranges;  // begin, end, tensor
  for (const auto& [name, entry] : header.items()) {
    const std::string where = path + ": tensor '" + name + "'";
    if (name == "__metadata__") {
      if (!entry.is_object()) throw DataError(path + ": __metadata__ is not a JSON object");
      for (const auto& [k, v] : entry.items()) {
        if (!v.is_string()) throw DataError(path + ": __metadata__." + k + " is not a string");
        out.metadata[k] = v.get<std::string>();
      }
      continue;
    }
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") ||
        !entry.contains("data_offsets")) {
      throw DataError(where + ": expected an object with dtype, shape and data_offsets");
    }
    NdArray a;
    if (!entry["dtype"].is_string()) throw DataError(where + ": dtype is not a string");
    a.dtype = parseDtype(entry["dtype"].get<std::string>(), where);
    const auto& shape = entry["shape"];
    if (!shape.is_array()) throw DataError(where + ": shape is not an array");
    for (const auto& d : shape) {
      if (!d.is_number_unsigned() || d.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        throw DataError(where + ": shape holds " + d.dump() + " (expected sizes below 2^63)");
      }
      a.shape.push_back(d.get<int64_t>());
    }
    const auto& off = entry["data_offsets"];
    if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() ||
        !off[1].is_number_unsigned()) {
      throw DataError(where + ": data_offsets is not [begin, end]: " + off.dump());
    }
    const uint64_t begin = off[0].get<uint64_t>(), end = off[1].get<uint64_t>();
    if (begin > end || end > dataSize) {
      throw DataError(where + ": data_offsets [" + std::to_string(begin) + ", " +
                      std::to_string(end) + "] lie outside the " + std::to_string(dataSize) +
                      " data bytes (file truncated?)");
    }
    uint64_t need = 0;
    try {
      need = a.byteSize();  // checked: a shape may multiply past 64 bits
    } catch (const DataError& e) {
      throw DataError(where + ": " + e.what());
    }
    if (end - begin != need) {
      throw DataError(where + ": " + a.describe() + " needs " + std::to_string(need) +
                      " bytes, data_offsets give " + std::to_string(end - begin));
    }
    const auto first = bytes.begin() + static_cast<std::ptrdiff_t>(dataStart + begin);
    a.data.assign(first, first + static_cast<std::ptrdiff_t>(need));
    out.tensors.emplace(name, std::move(a));
    if (need > 0) ranges.push_back({begin, end, name});
  }
  // Tensors must not share bytes: a file that overlaps them was not written by a safetensors
  // writer and may alias weights.
  std::sort(ranges.begin(), ranges.end());
  for (size_t i = 1; i < ranges.size(); ++i) {
    if (std::get<0>(ranges[i]) < std::get<1>(ranges[i - 1])) {
      throw DataError(path + ": tensors '" + std::get<2>(ranges[i - 1]) + "' and '" +
                      std::get<2>(ranges[i]) + "' overlap in the data (data_offsets [" +
                      std::to_string(std::get<0>(ranges[i - 1])) + ", " +
                      std::to_string(std::get<1>(ranges[i - 1])) + "] and [" +
                      std::to_string(std::get<0>(ranges[i])) + ", " +
                      std::to_string(std::get<1>(ranges[i])) + "])");
    }
  }
  return out;
}

void writeSafetensors(const std::string& path, const std::map<std::string, NdArray>& tensors,
                      const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  uint64_t offset = 0;
  for (const auto& [name, a] : tensors) {
    if (name == "__metadata__") throw DataError(path + ": '__metadata__' is not a tensor name");
    const uint64_t size = a.data.size();
    if (static_cast<uint64_t>(a.numel()) * dtypeSize(a.dtype) != size) {
      throw DataError(path + ": tensor '" + name + "' " + a.describe() + " holds " +
                      std::to_string(size) + " bytes, which does not match its shape");
    }
    header[name] = {{"dtype", dtypeName(a.dtype)},
                    {"shape", a.shape},
                    {"data_offsets", {offset, offset + size}}};
    offset += size;
  }
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  writeFileAtomically(path, [&](std::ostream& f) {
    const uint64_t len = text.size();
    for (int k = 0; k < 8; ++k) f.put(static_cast<char>((len >> (8 * k)) & 0xFF));
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const auto& [name, a] : tensors) {
      f.write(reinterpret_cast<const char*>(a.data.data()),
              static_cast<std::streamsize>(a.data.size()));
    }
  });
}

}  // namespace w2s
