#pragma once
// Shared by every UI test: the one QApplication of the test process, created on first use.
// GTest::gtest_main owns main(), so the application cannot be made there; tests call
// ensureQtApp() (directly or through QtAppTest) before creating any widget.
#include <gtest/gtest.h>

#include <QApplication>
#include <QByteArray>

namespace w2s::test {

/// The test process's QApplication, created once (offscreen platform unless QT_QPA_PLATFORM is
/// set). Never destroyed: tearing it down during static destruction would outlive Qt's globals.
inline QApplication* ensureQtApp() {
  if (auto* existing = qobject_cast<QApplication*>(QCoreApplication::instance())) return existing;
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  // QApplication keeps references to argc/argv for its whole life: they must be static.
  static int argc = 1;
  static char name[] = "w2s_ui_tests";
  static char* argv[] = {name, nullptr};
  static QApplication* app = [] {
    auto* a = new QApplication(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("w2s-workbench-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("w2s-workbench-tests"));
    return a;
  }();
  return app;
}

/// Base fixture for widget/model tests: makes sure the QApplication exists.
class QtAppTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ensureQtApp(); }
  void SetUp() override { ensureQtApp(); }
};

}  // namespace w2s::test
