#include <gtest/gtest.h>
#include <unistd.h>

#include <QSignalSpy>
#include <filesystem>

#include "core/store/RunStore.h"
#include "tests/ui/QtAppFixture.h"
#include "ui/bridge/StoreWatcher.h"

namespace w2s {
namespace {

class StoreWatcherTest : public test::QtAppTest {};

TEST_F(StoreWatcherTest, SignalsCommitsOfOtherConnectionsOnly) {
  const std::string db = (std::filesystem::temp_directory_path() /
                          ("w2s-watcher-" + std::to_string(::getpid()) + ".db"))
                             .string();
  std::filesystem::remove(db);
  auto mine = std::make_shared<RunStore>(db);
  StoreWatcher watcher(60000);  // checked by hand below
  QSignalSpy spy(&watcher, &StoreWatcher::changed);
  watcher.setStore(mine);
  watcher.check();
  EXPECT_EQ(spy.count(), 0);
  mine->addSweep("mine", {{"a", 1}}, "");  // this connection's own writes are known already
  watcher.check();
  EXPECT_EQ(spy.count(), 0);
  {
    RunStore other(db);
    other.addSweep("other", {{"b", 2}}, "");
  }
  watcher.check();
  EXPECT_EQ(spy.count(), 1);
  watcher.check();
  EXPECT_EQ(spy.count(), 1);
  watcher.setStore(nullptr);
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(db + s);
}

}  // namespace
}  // namespace w2s
