#include "ui/bench/LatencyBench.h"

#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cmath>

#include "ui/MainWindow.h"
#include "ui/bridge/TrainingController.h"
#include "ui/models/QueueModel.h"
#include "ui/panels/FiguresPanel.h"

namespace w2s {

double percentile(std::vector<double> values, double q) {
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const double pos = std::clamp(q, 0.0, 100.0) / 100.0 * static_cast<double>(values.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(values.size() - 1, lo + 1);
  return values[lo] + (values[hi] - values[lo]) * (pos - static_cast<double>(lo));
}

LatencyBench::LatencyBench(MainWindow* window, double seconds, int minJobs, QObject* parent)
    : QObject(parent), window_(window), seconds_(seconds), minJobs_(minJobs) {
  timer_ = new QTimer(this);
  timer_->setTimerType(Qt::PreciseTimer);
  timer_->setInterval(10);
  connect(timer_, &QTimer::timeout, this, &LatencyBench::tick);
  connect(window_->controller(), &TrainingController::runningChanged, this, [this](bool running) {
    if (!running) {
      timer_->stop();
      Q_EMIT finished();
    }
  });
}

void LatencyBench::start() {
  clock_.start();
  lastNs_ = -1;
  timer_->start();
  if (!window_->runSweep()) {
    timer_->stop();
    QTimer::singleShot(0, this, &LatencyBench::finished);
  }
}

void LatencyBench::tick() {
  const qint64 now = clock_.nsecsElapsed();
  const int running = window_->queueModel()->runningCount();
  maxJobs_ = std::max(maxJobs_, active_ ? running : 0);
  if (active_ && lastNs_ >= 0) {
    lateMs_.push_back(std::max(0.0, static_cast<double>(now - lastNs_) / 1e6 - 10.0));
  }
  lastNs_ = now;
  if (!active_ && (running >= minJobs_ || (running > 0 && clock_.elapsed() > 30000))) {
    active_ = true;
    measuring_.start();
  }
  if (!active_ || stopping_) return;
  // Every two seconds show another tab, so drawing each screen is part of the measurement; on
  // every other visit the figures tab shows agreement in panels (six charts rebuilt whenever a
  // job finishes) instead of the live curves.
  if (++ticks_ % 200 == 0) {
    QTabWidget* tabs = window_->tabs();
    tabs->setCurrentIndex((tabs->currentIndex() + 1) % tabs->count());
    if (tabs->currentWidget() == window_->figures()) {
      const bool panels = (ticks_ / 200 / tabs->count()) % 2 == 1;
      window_->figures()->setCurrentFigure(panels ? QStringLiteral("agreement")
                                                  : QStringLiteral("curves"));
    }
  }
  if (measuring_.elapsed() >= static_cast<qint64>(seconds_ * 1000)) stop();
}

void LatencyBench::stop() {
  stopping_ = true;
  timer_->stop();
  window_->cancelSweep();  // finished() follows when the controller reports it stopped
}

LatencyStats LatencyBench::stats() const {
  LatencyStats s;
  s.samples = static_cast<int>(lateMs_.size());
  s.p50 = percentile(lateMs_, 50);
  s.p99 = percentile(lateMs_, 99);
  s.max = lateMs_.empty() ? std::nan("") : *std::max_element(lateMs_.begin(), lateMs_.end());
  s.maxConcurrentJobs = maxJobs_;
  return s;
}

QString LatencyBench::report() const {
  const LatencyStats s = stats();
  return QStringLiteral(
             "event-loop latency (10 ms timer lateness) while up to %1 jobs train: "
             "p50 %2 ms, p99 %3 ms, max %4 ms (%5 samples)")
      .arg(s.maxConcurrentJobs)
      .arg(s.p50, 0, 'f', 2)
      .arg(s.p99, 0, 'f', 2)
      .arg(s.max, 0, 'f', 2)
      .arg(s.samples);
}

}  // namespace w2s
