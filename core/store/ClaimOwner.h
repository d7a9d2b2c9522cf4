#pragma once
// Who holds a job's claim: a process identified by host, pid and the process's start time (so
// that a recycled pid is not mistaken for the process that claimed the job).
#include <cstdint>
#include <optional>
#include <string>

namespace w2s {

struct ClaimOwner {
  std::string host;
  int64_t pid = 0;
  int64_t startTicks = 0;  ///< process start time, clock ticks since boot (/proc/PID/stat)
  int64_t instance = 0;    ///< tells several runners of one process apart (0: the process)

  /// "host:pid:start" (and "/instance" when nonzero), the form stored in jobs.owner.
  std::string text() const;
  /// Parses text(); nullopt for anything else (e.g. rows written by older versions).
  static std::optional<ClaimOwner> parse(const std::string& text);
  /// This process. thread-safety: any thread.
  static const ClaimOwner& self();
  /// This process with a fresh instance number (one per sweep runner).
  static ClaimOwner newInstance();
  /// True when the owner runs on this host and its process is gone (or the pid now belongs to
  /// another process). False when it is alive or on another host (only its lease can tell).
  bool deadOnThisHost() const;
};

/// Seconds since the Unix epoch (lease times are stored in these units).
double unixNow();

}  // namespace w2s
