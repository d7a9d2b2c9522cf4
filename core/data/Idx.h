#pragma once
// Reader for (gzipped) IDX files, the format of MNIST / Fashion-MNIST.
#include <cstdint>
#include <string>
#include <vector>

namespace w2s {

/// An IDX array of unsigned bytes: dims as in the header, data row-major.
struct IdxArray {
  std::vector<int32_t> dims;
  std::vector<uint8_t> data;
};

/// Reads a gzipped (or plain) IDX file of type ubyte. expectedMagic is 0x00000803 for images,
/// 0x00000801 for labels (0 = accept any ubyte IDX). Throws DataError naming the file and what
/// was wrong (missing, wrong magic, truncated).
IdxArray readIdx(const std::string& path, uint32_t expectedMagic = 0);

}  // namespace w2s
