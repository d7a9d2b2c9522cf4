#pragma once
// Retrying store writes that another connection keeps locked (a notebook holding a write
// transaction, a second sweep saving a large result).
#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "core/util/Error.h"

namespace w2s {

/// Calls `fn` until it returns; a StoreBusyError is retried with exponential backoff (0.25 s
/// doubling to 8 s between tries, each try itself waiting the store's busy timeout) for up to
/// `patienceSeconds`, then rethrown. `onRetry` (optional) hears each busy error before the wait.
/// Any other exception propagates at once.
template <class Fn>
auto retryWhileBusy(Fn&& fn, double patienceSeconds,
                    const std::function<void(const std::string&)>& onRetry = {}) -> decltype(fn()) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::duration<double>(patienceSeconds);
  double pause = 0.25;
  for (;;) {
    try {
      return fn();
    } catch (const StoreBusyError& e) {
      if (Clock::now() + std::chrono::duration<double>(pause) > deadline) throw;
      if (onRetry) onRetry(e.what());
      std::this_thread::sleep_for(std::chrono::duration<double>(pause));
      pause = std::min(8.0, pause * 2);
    }
  }
}

}  // namespace w2s
