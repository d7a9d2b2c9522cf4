#include "core/store/ClaimOwner.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>

namespace w2s {

namespace {

std::string hostName() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

// Field 22 of /proc/PID/stat; 0 when unreadable. The command name (field 2) may hold spaces
// and parentheses, so fields are counted after its closing parenthesis.
int64_t processStartTicks(int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(text.substr(close + 1));
  std::string field;
  for (int k = 3; k <= 22; ++k) {
    if (!(rest >> field)) return 0;
  }
  try {
    return std::stoll(field);
  } catch (...) {
    return 0;
  }
}

}  // namespace

std::string ClaimOwner::text() const {
  std::string t = host + ":" + std::to_string(pid) + ":" + std::to_string(startTicks);
  if (instance != 0) t += "/" + std::to_string(instance);
  return t;
}

std::optional<ClaimOwner> ClaimOwner::parse(const std::string& full) {
  std::string text = full;
  int64_t instance = 0;
  const size_t slash = text.rfind('/');
  if (slash != std::string::npos) {
    try {
      size_t used = 0;
      const std::string n = text.substr(slash + 1);
      instance = std::stoll(n, &used);
      if (used != n.size()) return std::nullopt;
    } catch (...) {
      return std::nullopt;
    }
    text.resize(slash);
  }
  const size_t last = text.rfind(':');
  if (last == std::string::npos || last == 0) return std::nullopt;
  const size_t middle = text.rfind(':', last - 1);
  if (middle == std::string::npos || middle == 0) return std::nullopt;
  ClaimOwner o;
  o.host = text.substr(0, middle);
  try {
    size_t used = 0;
    const std::string pid = text.substr(middle + 1, last - middle - 1);
    o.pid = std::stoll(pid, &used);
    if (used != pid.size() || o.pid <= 0) return std::nullopt;
    const std::string start = text.substr(last + 1);
    o.startTicks = std::stoll(start, &used);
    if (used != start.size()) return std::nullopt;
  } catch (...) {
    return std::nullopt;
  }
  o.instance = instance;
  return o;
}

const ClaimOwner& ClaimOwner::self() {
  static const ClaimOwner me = [] {
    ClaimOwner o;
    o.host = hostName();
    o.pid = ::getpid();
    o.startTicks = processStartTicks(o.pid);
    return o;
  }();
  return me;
}

ClaimOwner ClaimOwner::newInstance() {
  static std::atomic<int64_t> next{1};
  ClaimOwner o = self();
  o.instance = next.fetch_add(1);
  return o;
}

bool ClaimOwner::deadOnThisHost() const {
  if (host != self().host) return false;
  // Linux pids are at most 2^22 (PID_MAX_LIMIT): anything larger names no process.
  if (pid <= 0 || pid > (int64_t{1} << 22)) return true;
  if (pid == self().pid) return startTicks != self().startTicks;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return true;
  // The pid is in use: by the same process only if it started at the same time.
  const int64_t now = processStartTicks(pid);
  return now != 0 && startTicks != 0 && now != startTicks;
}

double unixNow() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

}  // namespace w2s
