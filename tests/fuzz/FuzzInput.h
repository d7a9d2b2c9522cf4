#pragma once
// Shared by the libFuzzer targets (scripts/fuzz.sh): the readers take file paths, so each input is
// written to one scratch file per process first; every w2s::Error is an accepted outcome, anything
// else (a crash, a sanitizer report, another exception type) is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

namespace w2s::fuzz {

/// Writes the input to this process's scratch file (in /dev/shm when present) and returns its path.
inline const std::string& inputFile(const uint8_t* data, size_t size, const char* suffix) {
  static const std::string path = std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") +
                                  "/w2s-fuzz-" + std::to_string(getpid()) + suffix;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace w2s::fuzz
