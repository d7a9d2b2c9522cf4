#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "tests/core/io/TempDir.h"

namespace fs = std::filesystem;

namespace w2s {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Entries of `dir`, to check that no temporary file is left behind.
size_t entries(const fs::path& dir) {
  size_t n = 0;
  for (auto it = fs::directory_iterator(dir); it != fs::directory_iterator(); ++it) ++n;
  return n;
}

class AtomicFileTest : public TempDirTest {};

TEST_F(AtomicFileTest, WritesAndReplaces) {
  const std::string p = path("out.csv");
  writeFileAtomically(p, std::string("first\n"));
  EXPECT_EQ(slurp(p), "first\n");
  writeFileAtomically(p, [](std::ostream& o) { o << "second " << 2 << "\n"; });
  EXPECT_EQ(slurp(p), "second 2\n");
  EXPECT_EQ(entries(dir_), 1u);
}

TEST_F(AtomicFileTest, ThrowingWriterLeavesTheOldFile) {
  const std::string p = write("out.csv", "old contents\n");
  EXPECT_THROW(writeFileAtomically(p,
                                   [](std::ostream& o) {
                                     o << "partial";
                                     throw std::runtime_error("stop");
                                   }),
               std::runtime_error);
  EXPECT_EQ(slurp(p), "old contents\n");
  EXPECT_EQ(entries(dir_), 1u);
}

TEST_F(AtomicFileTest, MissingFolderNamesTheFile) {
  const std::string p = path("no-such-folder/out.csv");
  try {
    writeFileAtomically(p, std::string("x"));
    FAIL() << "expected an IoError";
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(p + ": ", 0), 0u) << e.what();
  }
}

TEST_F(AtomicFileTest, FullDiskIsAnErrorNamingTheFile) {
  // /dev/full is a device: written directly (never renamed over), and every write fails.
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  try {
    writeFileAtomically("/dev/full", std::string(1 << 16, 'x'));
    FAIL() << "expected an IoError";
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/dev/full: write failed", 0), 0u) << e.what();
  }
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
}

TEST_F(AtomicFileTest, FileSizeLimitLeavesTheOldFileAndNoTemporary) {
  // A file size limit makes writes fail with EFBIG like a full disk, also for root.
  const std::string p = write("curves.csv", "old\n");
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  auto previous = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 4096;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string msg;
  try {
    writeFileAtomically(p, std::string(1 << 20, 'x'));
  } catch (const IoError& e) {
    msg = e.what();
  }
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, previous);
  EXPECT_EQ(msg.rfind(p + ": write failed", 0), 0u) << msg;
  EXPECT_EQ(slurp(p), "old\n");
  EXPECT_EQ(entries(dir_), 1u);
}

TEST_F(AtomicFileTest, LinkedTargetKeepsTheLink) {
  const std::string real = write("real.json", "old");
  const std::string link = path("link.json");
  fs::create_symlink(real, link);
  writeFileAtomically(link, std::string("new"));
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(slurp(real), "new");
}

}  // namespace
}  // namespace w2s
