#include "core/util/Paths.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace w2s {

namespace {
std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}
}  // namespace

std::string defaultDbPath() {
  if (auto p = env("W2S_DB"); !p.empty()) return p;
  fs::path base;
  if (auto x = env("XDG_DATA_HOME"); !x.empty()) {
    base = x;
  } else if (auto h = env("HOME"); !h.empty()) {
    base = fs::path(h) / ".local" / "share";
  } else {
    base = fs::current_path();
  }
  fs::path dir = base / "w2s-workbench";
  std::error_code ec;
  fs::create_directories(dir, ec);
  return (dir / "runs.db").string();
}

std::string resourceDir() {
  if (auto p = env("W2S_RESOURCE_DIR"); !p.empty()) return p;
  if (fs::exists(fs::path(W2S_INSTALL_DATADIR) / "sweeps")) return W2S_INSTALL_DATADIR;
  return W2S_SOURCE_RESOURCE_DIR;
}

std::string fashionMnistDir() {
  if (auto p = env("W2S_FASHION_MNIST_DIR"); !p.empty()) return p;
  return "/usr/share/datasets/fashion-mnist";
}

std::string readTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot open file for reading");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace w2s
