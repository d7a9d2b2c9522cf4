#pragma once
// NumPy .npy files (format versions 1, 2 and 3), C order, little-endian F32/F64/I64/I32/F16.
#include <string>

#include "core/io/NdArray.h"

namespace w2s {

/// Reads a .npy file. Throws DataError naming the file and what was wrong (bad magic, a header
/// that is not a NumPy dict, Fortran order, big-endian or unsupported dtype, truncated data).
NdArray readNpy(const std::string& path);

/// Writes `array` as a .npy file (version 1, or 2 when the header needs more than 64 KiB), header
/// padded so the data starts 64-byte aligned. BF16 has no NumPy dtype: throws DataError. Written
/// atomically: a failed write throws IoError and leaves `path` as it was.
void writeNpy(const std::string& path, const NdArray& array);

}  // namespace w2s
