#include "ui/bridge/RunControl.h"

namespace w2s {

void RunControl::cancelJob(const std::string& hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (runner_) {
    runner_->cancelJob(hash);
  } else {
    early_.insert(hash);
  }
}

void RunControl::attach(SweepRunner* runner) {
  std::lock_guard<std::mutex> lock(mutex_);
  runner_ = runner;
  for (const auto& hash : early_) runner_->cancelJob(hash);
  early_.clear();
}

void RunControl::detach() {
  std::lock_guard<std::mutex> lock(mutex_);
  runner_ = nullptr;
}

void RunControl::reset() {
  std::lock_guard<std::mutex> lock(mutex_);
  token_.reset();
  early_.clear();
}

}  // namespace w2s
