// Every file of tests/fixtures/hostile (and a few generated here, too large to commit) is fed to
// the loader that would read it: each must give a w2s error that names the file — never a crash,
// a std::bad_alloc or an exception from a library.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "core/data/Idx.h"
#include "core/interop/EleutherImporter.h"
#include "core/interop/OpenAiImporter.h"
#include "core/io/Npy.h"
#include "core/io/Safetensors.h"
#include "core/store/RunStore.h"
#include "core/sweep/SweepSpec.h"
#include "core/text/BpeTokenizer.h"
#include "core/text/GloveCache.h"
#include "core/text/TableImport.h"
#include "core/util/Error.h"
#include "tests/core/io/TempDir.h"

namespace fs = std::filesystem;

namespace w2s {
namespace {

const fs::path kCorpus = fs::path(W2S_TEST_FIXTURE_DIR) / "hostile";

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool startsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

/// The loader that reads `entry` (by suffix, or by folder prefix for import folders), or an empty
/// function for entries that are not corpus inputs.
std::function<void()> loaderFor(const fs::path& entry, const fs::path& scratch) {
  const std::string name = entry.filename().string();
  const std::string p = entry.string();
  if (fs::is_directory(entry)) {
    if (startsWith(name, "openai-")) return [p] { readOpenAiResults(p); };
    if (startsWith(name, "eleuther-")) return [p] { readEleutherResults(p); };
    return {};
  }
  if (endsWith(name, ".sweep.json")) return [p] { SweepSpec::fromFile(p); };
  if (endsWith(name, ".jsonl")) return [p] { importJsonl(p, ImportSpec{}); };
  if (endsWith(name, ".csv")) return [p] { importCsv(p, ImportSpec{}); };
  if (endsWith(name, ".idx.gz")) return [p] { readIdx(p); };
  if (endsWith(name, ".npy")) return [p] { readNpy(p); };
  if (endsWith(name, ".safetensors")) return [p] { readSafetensors(p); };
  if (endsWith(name, ".bpe.json")) return [p] { BpeTokenizer::load(p); };
  if (endsWith(name, ".wink.json")) {
    const std::string cache = (scratch / (name + ".bin")).string();
    return [p, cache] { GloveCache::build(p, cache); };
  }
  if (endsWith(name, ".glove.bin")) return [p] { GloveCache::load(p); };
  return {};
}

/// Runs `load` and checks it fails with a w2s error whose message contains `path`.
void expectNamedError(const std::function<void()>& load, const std::string& path) {
  try {
    load();
    ADD_FAILURE() << path << ": loaded without an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << path << ": " << msg.substr(0, 300);
  } catch (const std::bad_alloc&) {
    ADD_FAILURE() << path << ": std::bad_alloc (allocated what the file claims)";
  } catch (const std::exception& e) {
    ADD_FAILURE() << path << ": not a w2s error: " << e.what();
  }
}

class HostileCorpusTest : public TempDirTest {};

TEST_F(HostileCorpusTest, EveryCommittedFileGivesAnErrorNamingIt) {
  ASSERT_TRUE(fs::is_directory(kCorpus)) << kCorpus;
  int fed = 0;
  std::vector<fs::path> entries(fs::directory_iterator(kCorpus), fs::directory_iterator{});
  std::sort(entries.begin(), entries.end());
  for (const fs::path& entry : entries) {
    const auto load = loaderFor(entry, dir_);
    if (!load) continue;
    SCOPED_TRACE(entry.filename().string());
    expectNamedError(load, entry.string());
    ++fed;
  }
  // The corpus is the point of this test: a rename that hides files from it must fail here.
  EXPECT_GE(fed, 40);
}

TEST_F(HostileCorpusTest, GeneratedDeepNestingGivesAnErrorNamingTheFile) {
  // 300k levels (600 KB): too large to commit, and what used to overflow the stack.
  const std::string deep = std::string(300000, '[') + std::string(300000, ']');
  const std::string sweep = write("deep.sweep.json", "{\"name\": \"s\", \"ladder\": " + deep + "}");
  expectNamedError([&] { SweepSpec::fromFile(sweep); }, sweep);
  const std::string jsonl = write("deep.jsonl", "{\"label\": 0, \"x\": " + deep + "}\n");
  expectNamedError([&] { importJsonl(jsonl, ImportSpec{}); }, jsonl);
  const std::string header = "{\"a\": " + deep + "}";
  std::string st;
  for (int k = 0; k < 8; ++k) st.push_back(static_cast<char>((header.size() >> (8 * k)) & 0xFF));
  const std::string safetensors = write("deep.safetensors", st + header);
  expectNamedError([&] { readSafetensors(safetensors); }, safetensors);
  const std::string bpe = write("deep.bpe.json", "{\"merges\": " + deep + "}");
  expectNamedError([&] { BpeTokenizer::load(bpe); }, bpe);

  const fs::path config = dir_ / "openai" / "run" / "config.json";
  fs::create_directories(config.parent_path());
  write("openai/run/results_summary.json", "{\"accuracy\": 0.7}");
  write("openai/run/config.json", deep);
  expectNamedError([&] { readOpenAiResults((dir_ / "openai").string()); }, config.string());
  write("openai/run/config.json",
        "{\"ds_name\": \"sciq\", \"model_size\": \"gpt2\", \"seed\": " + deep + "}");
  expectNamedError([&] { readOpenAiResults((dir_ / "openai").string()); }, config.string());
}

/// Output and wait status of `command` run by the shell (stderr joined to stdout).
std::pair<std::string, int> shell(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {"popen failed", -1};
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  return {out, ::pclose(pipe)};
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

/// Expects `status` to be a normal exit with code 1 or 2 (an error, not a signal).
void expectErrorExit(int status, const std::string& output) {
  ASSERT_TRUE(WIFEXITED(status)) << "killed by a signal: " << output.substr(0, 300);
  const int code = WEXITSTATUS(status);
  EXPECT_TRUE(code == 1 || code == 2) << "exit " << code << ": " << output.substr(0, 300);
}

TEST_F(HostileCorpusTest, CliReportsHostileInputAndLeavesTheStoreAlone) {
  const std::string db = path("runs.db");
  {
    RunStore store(db);
    store.addSweep("existing", nlohmann::json::object(), "existing.json");
  }
  const std::string before = slurp(db);
  ASSERT_FALSE(before.empty());
  const std::string w2s = quoted(W2S_CLI_PATH);
  const std::string deep =
      write("deep.json", "{\"name\": \"s\", \"ladder\": " + std::string(300000, '[') +
                             std::string(300000, ']') + "}");
  const std::vector<std::pair<std::string, std::string>> runs = {
      {w2s + " run " + quoted(deep) + " --db " + quoted(db), deep},
      {w2s + " run " + quoted((kCorpus / "epochs-2pow32.sweep.json").string()) + " --db " +
           quoted(db),
       "expected an integer between 1 and 100000, got 4294967296"},
      {w2s + " run " + quoted((kCorpus / "binary.sweep.json").string()) + " --db " + quoted(db),
       "binary.sweep.json"},
      {w2s + " import " + quoted((kCorpus / "openai-symlinked-config").string()) + " --db " +
           quoted(db),
       "expected a file inside the import folder"},
      {w2s + " import " + quoted((kCorpus / "eleuther-deep-seed").string()) + " --db " + quoted(db),
       "nesting deeper than 256 levels"},
  };
  for (const auto& [command, expected] : runs) {
    SCOPED_TRACE(command.substr(0, 200));
    const auto [output, status] = shell(command);
    expectErrorExit(status, output);
    EXPECT_NE(output.find(expected), std::string::npos) << output.substr(0, 300);
    EXPECT_EQ(slurp(db), before) << "the store file changed";
  }
}

TEST_F(HostileCorpusTest, CliStatusEscapesControlCharactersInNames) {
  const std::string db = path("runs.db");
  {
    RunStore store(db);
    store.addSweep("evil\x1b]0;owned\x07\x1b[2J", nlohmann::json::object(), "evil.json");
  }
  const auto [output, status] = shell(quoted(W2S_CLI_PATH) + " status --db " + quoted(db));
  ASSERT_TRUE(WIFEXITED(status)) << output;
  EXPECT_EQ(WEXITSTATUS(status), 0) << output;
  EXPECT_EQ(output.find('\x1b'), std::string::npos) << output;
  EXPECT_NE(output.find("evil\\x1b]0;owned\\x07\\x1b[2J"), std::string::npos) << output;
}

TEST_F(HostileCorpusTest, CliExportToAFullDiskFailsAndKeepsTheOldFiles) {
  const std::string db = path("runs.db");
  {
    RunStore store(db);
    store.addSweep("bad\xff name", nlohmann::json::object(), "s.json");
  }
  const std::string w2s = quoted(W2S_CLI_PATH);
  // export-json to a device that is always full: an error naming it, not exit 0.
  if (fs::exists("/dev/full")) {
    const auto [output, status] =
        shell(w2s + " export-json --db " + quoted(db) + " --out /dev/full");
    expectErrorExit(status, output);
    EXPECT_NE(output.find("/dev/full: write failed"), std::string::npos) << output;
  }
  // A name that is not UTF-8 exports (as U+FFFD) instead of throwing.
  const std::string json = path("summary.json");
  const auto [jsonOut, jsonStatus] =
      shell(w2s + " export-json --db " + quoted(db) + " --out " + quoted(json));
  ASSERT_TRUE(WIFEXITED(jsonStatus) && WEXITSTATUS(jsonStatus) == 0) << jsonOut;
  EXPECT_NE(slurp(json).find("bad\xEF\xBF\xBD name"), std::string::npos);

  // `w2s export` whose curves.csv is a link to /dev/full: the write fails like on a full disk.
  // It used to exit 0 with curves.csv truncated; now exit 1 naming the file, no temporary left.
  if (!fs::exists("/dev/full")) return;
  const fs::path out = dir_ / "export";
  fs::create_directories(out);
  fs::create_symlink("/dev/full", out / "curves.csv");
  const auto [output, status] =
      shell(w2s + " export --db " + quoted(db) + " --out " + quoted(out.string()));
  expectErrorExit(status, output);
  EXPECT_NE(output.find((out / "curves.csv").string() + ": write failed"), std::string::npos)
      << output;
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
  std::vector<std::string> names;
  for (auto it = fs::directory_iterator(out); it != fs::directory_iterator(); ++it) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"curves.csv", "outcomes.csv", "summary.csv"}));
}

}  // namespace
}  // namespace w2s
