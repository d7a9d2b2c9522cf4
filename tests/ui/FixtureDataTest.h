#pragma once
// Base fixture of the figure and panel tests: the fixture store (FixtureStore.h) in a temporary
// folder and the figures' data read from it, with the QApplication created.
#include <QTemporaryDir>

#include "core/store/RunStore.h"
#include "tests/ui/FixtureStore.h"
#include "tests/ui/QtAppFixture.h"
#include "ui/charts/FigureData.h"

namespace w2s::test {

class FixtureDataTest : public QtAppTest {
 protected:
  void SetUp() override {
    QtAppTest::SetUp();
    ASSERT_TRUE(dir_.isValid());
    info_ = writeFixtureStore(dir_.filePath("runs.db").toStdString());
    data_ = FigureData::load(RunStore(info_.path), info_.sweepId);
  }
  QTemporaryDir dir_;
  FixtureStoreInfo info_;
  FigureData data_;
};

}  // namespace w2s::test
