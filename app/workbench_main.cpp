// `w2s-workbench`: the desktop window. Opens the store from --db, the last session or the default
// place, and has the default sweep ready to run.
#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/util/Paths.h"
#include "ui/AboutDialog.h"
#include "ui/MainWindow.h"
#include "ui/ScreenshotTour.h"
#include "ui/Theme.h"
#include "ui/bench/LatencyBench.h"
#include "ui/panels/SweepDesignerPanel.h"

namespace {

bool hasDisplay() {
  return !qEnvironmentVariableIsEmpty("DISPLAY") ||
         !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
         !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

bool wants(int argc, char** argv, const char* flag) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], flag) == 0) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  const bool batch = wants(argc, argv, "--screenshot-dir") || wants(argc, argv, "--bench-latency");
  if (!hasDisplay()) {
    if (batch || wants(argc, argv, "--version") || wants(argc, argv, "--help")) {
      qputenv("QT_QPA_PLATFORM", "offscreen");
    } else {
      std::fprintf(
          stderr,
          "w2s-workbench: no display found (DISPLAY is not set). On a headless machine "
          "use the command line (`w2s run SWEEP.json`), or set QT_QPA_PLATFORM=offscreen.\n");
      return 2;
    }
  }
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("w2s-workbench"));
  QApplication::setApplicationName(QStringLiteral("w2s-workbench"));
  QApplication::setApplicationDisplayName(QStringLiteral("W2S Workbench"));
  QApplication::setApplicationVersion(QStringLiteral(W2S_VERSION));
  QGuiApplication::setDesktopFileName(QStringLiteral("w2s-workbench"));

  QCommandLineParser cli;
  cli.setApplicationDescription(QStringLiteral("Weak-to-strong generalization workbench"));
  cli.addHelpOption();
  cli.addVersionOption();
  const QCommandLineOption dbOpt(QStringLiteral("db"), QStringLiteral("Run store to open."),
                                 QStringLiteral("FILE"));
  const QCommandLineOption sweepOpt(QStringLiteral("sweep"), QStringLiteral("Sweep file to load."),
                                    QStringLiteral("FILE"));
  const QCommandLineOption runOpt(QStringLiteral("run"),
                                  QStringLiteral("Start the sweep at once."));
  const QCommandLineOption jobsOpt(QStringLiteral("jobs"), QStringLiteral("Jobs trained at once."),
                                   QStringLiteral("N"));
  const QCommandLineOption shotDirOpt(QStringLiteral("screenshot-dir"),
                                      QStringLiteral("Save a PNG of every screen here, then quit."),
                                      QStringLiteral("DIR"));
  const QCommandLineOption shotAfterOpt(QStringLiteral("screenshot-after"),
                                        QStringLiteral("Seconds to wait before the screenshots."),
                                        QStringLiteral("SECONDS"), QStringLiteral("2"));
  const QCommandLineOption benchOpt(
      QStringLiteral("bench-latency"),
      QStringLiteral("Run the sweep and measure event-loop latency for SECONDS, print it, quit."),
      QStringLiteral("SECONDS"));
  const QCommandLineOption versionsOpt(QStringLiteral("versions"),
                                       QStringLiteral("Print the library versions and quit."));
  cli.addOptions(
      {dbOpt, sweepOpt, runOpt, jobsOpt, shotDirOpt, shotAfterOpt, benchOpt, versionsOpt});
  cli.addPositionalArgument(QStringLiteral("file"),
                            QStringLiteral("A run store (.db) or a sweep (.json) to open."),
                            QStringLiteral("[file]"));
  cli.process(app);
  // The desktop launcher passes a file (%f): a store, or a sweep.
  QString positionalDb, positionalSweep;
  for (const QString& file : cli.positionalArguments()) {
    (file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ? positionalSweep : positionalDb) =
        file;
  }
  if (cli.isSet(versionsOpt)) {
    std::printf("%s\n", qPrintable(w2s::AboutDialog::versionsText()));
    return 0;
  }

  w2s::Theme::install();
  w2s::MainWindow window;
  window.restoreSettings();
  const bool scripted = cli.isSet(shotDirOpt) || cli.isSet(benchOpt);
  window.setConfirmQuit(!scripted);

  // Store: --db, else the last one used, else the default place.
  QSettings settings;
  QString db = cli.isSet(dbOpt) ? cli.value(dbOpt) : positionalDb;
  if (db.isEmpty() && !scripted) {
    const QString last = settings.value(QStringLiteral("store/last")).toString();
    if (!last.isEmpty() && QFileInfo::exists(last)) db = last;
  }
  if (db.isEmpty()) db = QString::fromStdString(w2s::defaultDbPath());
  if (!window.openStore(db)) return 1;

  // Sweep: --sweep, else the last one edited, else the shipped default (compiled in as a fallback).
  QString sweep = cli.isSet(sweepOpt) ? cli.value(sweepOpt) : positionalSweep;
  if (sweep.isEmpty() && !scripted) {
    const QString last = settings.value(QStringLiteral("sweep/last")).toString();
    if (!last.isEmpty() && QFileInfo::exists(last)) sweep = last;
  }
  if (sweep.isEmpty()) {
    sweep = QString::fromStdString(w2s::resourceDir()) + QStringLiteral("/sweeps/default.json");
  }
  if (QFileInfo::exists(sweep)) {
    if (!window.loadSweep(sweep) && cli.isSet(sweepOpt)) return 1;
  } else {
    QFile builtin(QStringLiteral(":/w2s/sweeps/default.json"));
    if (builtin.open(QIODevice::ReadOnly)) {
      window.designer()->loadJson(QString::fromUtf8(builtin.readAll()),
                                  QStringLiteral("default.json"));
    }
  }
  if (cli.isSet(jobsOpt)) window.designer()->setJobs(cli.value(jobsOpt).toInt());

  window.show();
  if (cli.isSet(runOpt) && !cli.isSet(benchOpt)) {
    QTimer::singleShot(0, &window, [&window] { window.runSweep(); });
  }

  if (cli.isSet(shotDirOpt)) {
    auto* tour = new w2s::ScreenshotTour(&window, cli.value(shotDirOpt),
                                         qRound(cli.value(shotAfterOpt).toDouble() * 1000), &app);
    QObject::connect(tour, &w2s::ScreenshotTour::finished, &app, [&window](bool ok) {
      window.cancelSweep();
      QApplication::exit(ok ? 0 : 1);
    });
    tour->start();
  }
  if (cli.isSet(benchOpt)) {
    auto* bench = new w2s::LatencyBench(&window, cli.value(benchOpt).toDouble(), 2, &app);
    QObject::connect(bench, &w2s::LatencyBench::finished, &app, [bench] {
      std::printf("%s\n", qPrintable(bench->report()));
      std::fflush(stdout);
      QApplication::exit(bench->stats().samples > 0 ? 0 : 1);
    });
    QTimer::singleShot(0, bench, &w2s::LatencyBench::start);
  }
  const int status = app.exec();
  if (!scripted) window.saveSettings();
  return status;
}
