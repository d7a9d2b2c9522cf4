#pragma once
// Collects a TrainingController's sweep events in the order the GUI thread received them.
#include <QCoreApplication>
#include <QObject>
#include <QThread>
#include <vector>

#include "ui/bridge/TrainingController.h"

namespace w2s::test {

class SweepEventLog {
 public:
  explicit SweepEventLog(TrainingController* c) {
    QObject::connect(c, &TrainingController::sweepEvent, &context_, [this](const SweepEvent& e) {
      events_.push_back(e);
      onGuiThread_ = onGuiThread_ && QThread::currentThread() == qApp->thread();
    });
  }

  /// Every event of alternative T, in order.
  template <class T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : events_) {
      if (const auto* t = std::get_if<T>(&e)) out.push_back(*t);
    }
    return out;
  }
  template <class T>
  int count() const {
    return static_cast<int>(all<T>().size());
  }
  const std::vector<SweepEvent>& events() const { return events_; }
  /// True while every event arrived on the GUI thread.
  bool onGuiThread() const { return onGuiThread_; }

 private:
  QObject context_;  // disconnects when the log goes
  std::vector<SweepEvent> events_;
  bool onGuiThread_ = true;
};

}  // namespace w2s::test
