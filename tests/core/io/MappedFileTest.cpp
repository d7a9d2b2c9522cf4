#include <gtest/gtest.h>

#include "core/io/MappedFile.h"
#include "core/util/Error.h"
#include "tests/core/io/TempDir.h"

namespace w2s {
namespace {

class MappedFileTest : public TempDirTest {};

TEST_F(MappedFileTest, MapsTheBytesAndSurvivesAMove) {
  const std::string bytes("abc\0def", 7);
  MappedFile a(write("f.bin", bytes));
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(std::string(a.data(), a.size()), bytes);
  MappedFile b(std::move(a));
  EXPECT_EQ(a.data(), nullptr);
  EXPECT_EQ(std::string(b.data(), b.size()), bytes);
  MappedFile empty(write("empty.bin", ""));
  EXPECT_EQ(empty.size(), 0u);
  b = std::move(empty);
  EXPECT_EQ(b.size(), 0u);
}

TEST_F(MappedFileTest, MissingFileNamesThePath) {
  const std::string msg = errorOf([&] { MappedFile m(path("absent.bin")); });
  EXPECT_NE(msg.find(path("absent.bin")), std::string::npos) << msg;
}

}  // namespace
}  // namespace w2s
