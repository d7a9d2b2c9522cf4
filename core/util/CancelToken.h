#pragma once
#include <atomic>

namespace w2s {

/// Cooperative cancellation flag. thread-safety: request() and requested() from any thread.
class CancelToken {
 public:
  void request() { flag_.store(true, std::memory_order_relaxed); }
  bool requested() const { return flag_.load(std::memory_order_relaxed); }
  void reset() { flag_.store(false, std::memory_order_relaxed); }

 private:
  std::atomic<bool> flag_{false};
};

}  // namespace w2s
