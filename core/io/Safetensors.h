#pragma once
// .safetensors files: 8-byte little-endian header length, a JSON header
// {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}},
// then the raw little-endian tensor bytes.
#include <map>
#include <string>

#include "core/io/NdArray.h"

namespace w2s {

/// Contents of a .safetensors file.
struct SafetensorsFile {
  std::map<std::string, NdArray> tensors;
  std::map<std::string, std::string> metadata;  ///< the optional "__metadata__" strings
};

/// Reads every tensor (F32, F64, I64, I32, F16, BF16). Throws DataError naming the file, and the
/// tensor where one is at fault (bad header JSON, unknown dtype, offsets outside the data, a size
/// that does not match the shape, truncated file).
SafetensorsFile readSafetensors(const std::string& path);

/// Writes `tensors` (in name order) and `metadata`; the header is padded to 8 bytes. Written
/// atomically: a failed write throws IoError and leaves `path` as it was.
void writeSafetensors(const std::string& path, const std::map<std::string, NdArray>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace w2s
