#include "core/sweep/InputFiles.h"

#include <filesystem>

#include "core/util/Error.h"
#include "core/util/Sha256.h"

namespace w2s {

namespace {

namespace fs = std::filesystem;

void makeAbsolute(std::string& path, const fs::path& base) {
  if (path.empty() || fs::path(path).is_absolute()) return;
  path = (base / path).lexically_normal().string();
}

}  // namespace

void resolveInputPaths(SweepSpec& spec, const std::string& baseDir) {
  const fs::path base = baseDir.empty() ? fs::current_path() : fs::absolute(baseDir);
  makeAbsolute(spec.task.path, base);
  for (ModelSpec& m : spec.ladder) makeAbsolute(m.path, base);
}

SweepSpec withInputDigests(const SweepSpec& spec) {
  SweepSpec out = spec;
  if (!out.task.path.empty()) out.task.pathSha256 = fileSha256(out.task.path);
  for (ModelSpec& m : out.ladder) {
    if (!m.path.empty()) m.pathSha256 = fileSha256(m.path);
  }
  return out;
}

void checkInputDigest(const std::string& path, const std::string& sha256, const std::string& what) {
  if (sha256.empty() || path.empty()) return;
  const std::string now = fileSha256(path);
  if (now != sha256) {
    throw DataError(path + " (" + what +
                    "): the file changed since the sweep was planned (SHA-256 " +
                    now.substr(0, 12) + "…, planned " + sha256.substr(0, 12) +
                    "…); run the sweep again to plan jobs for the new contents");
  }
}

}  // namespace w2s
