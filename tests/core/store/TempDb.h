#pragma once
// A store file for one test, under the temp folder, named after the test (and a tag when a test
// needs several); removed with its WAL side files before and after.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace w2s::test {

class TempDb {
 public:
  explicit TempDb(const std::string& tag = "") {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("w2s_store_") + info->test_suite_name() + "_" + info->name();
    if (!tag.empty()) name += "_" + tag;
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    path_ = (std::filesystem::temp_directory_path() / (name + ".db")).string();
    remove();
  }
  ~TempDb() { remove(); }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;
  const std::string& path() const { return path_; }

 private:
  void remove() {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(path_ + suffix);
    }
  }
  std::string path_;
};

}  // namespace w2s::test
