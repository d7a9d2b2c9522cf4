#pragma once
// Event-loop latency while jobs train: a 10 ms precise timer on the GUI thread measures how late
// each tick fires (p50 / p99 / max), while the window shows live progress and cycles its tabs.
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <vector>

class QTimer;

namespace w2s {

class MainWindow;

/// Latency percentiles in milliseconds.
struct LatencyStats {
  double p50 = 0, p99 = 0, max = 0;
  int samples = 0;
  int maxConcurrentJobs = 0;
};

/// Linear-interpolated percentile (q in [0, 100]) of `values` (copied, sorted).
double percentile(std::vector<double> values, double q);

class LatencyBench : public QObject {
  Q_OBJECT
 public:
  /// Measures for `seconds` once `minJobs` jobs train at the same time (or once any trains,
  /// after 30 s of waiting), then cancels the sweep.
  LatencyBench(MainWindow* window, double seconds, int minJobs = 2, QObject* parent = nullptr);
  /// Starts the window's sweep and the measurement.
  void start();
  LatencyStats stats() const;
  /// One line: "event-loop latency while 2 jobs train: p50 0.1 ms, p99 3.2 ms, max 8.0 ms (n)".
  QString report() const;

 Q_SIGNALS:
  void finished();

 private:
  void tick();
  void stop();

  MainWindow* window_;
  double seconds_;
  int minJobs_;
  QTimer* timer_;
  QElapsedTimer clock_, measuring_;
  qint64 lastNs_ = -1;
  bool active_ = false;
  bool stopping_ = false;
  int maxJobs_ = 0;
  int ticks_ = 0;
  std::vector<double> lateMs_;
};

}  // namespace w2s
