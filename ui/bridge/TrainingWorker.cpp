#include "ui/bridge/TrainingWorker.h"

#include <exception>
#include <nlohmann/json.hpp>
#include <string>

#include "core/run/SweepRunner.h"
#include "core/sweep/SweepSpec.h"
#include "core/util/JsonText.h"
#include "ui/bridge/RunControl.h"
#include "ui/bridge/SignalSweepObserver.h"

namespace w2s {

TrainingWorker::TrainingWorker(std::shared_ptr<RunControl> control, QObject* parent)
    : QObject(parent), control_(std::move(control)) {}

void TrainingWorker::run(const QString& sweep, const QString& dbPath, int jobs) {
  // Nothing may escape this slot: an exception leaving a slot terminates the program.
  try {
    const QString trimmed = sweep.trimmed();
    SweepSpec spec;
    std::string source;
    if (trimmed.startsWith(QLatin1Char('{'))) {
      spec = SweepSpec::fromJson(parseJsonText(trimmed.toStdString(), "sweep"), "sweep");
    } else {
      source = trimmed.toStdString();
      spec = SweepSpec::fromFile(source);
    }
    RunOptions options;
    options.jobs = jobs > 0 ? jobs : 1;
    options.device = spec.device;
    SweepRunner runner(dbPath.toStdString(), options);
    SignalSweepObserver observer(this);
    control_->attach(&runner);
    try {
      runner.run(spec, source, &observer, control_->token());
    } catch (...) {
      control_->detach();
      throw;
    }
    control_->detach();
  } catch (const nlohmann::json::exception& e) {
    Q_EMIT errorOccurred(QStringLiteral("sweep JSON: %1").arg(QString::fromUtf8(e.what())));
  } catch (const std::exception& e) {
    Q_EMIT errorOccurred(QString::fromUtf8(e.what()));
  } catch (...) {
    Q_EMIT errorOccurred(QStringLiteral("training stopped by an unknown error"));
  }
  Q_EMIT runEnded();
}

}  // namespace w2s
