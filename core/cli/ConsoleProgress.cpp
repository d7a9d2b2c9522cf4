#include "core/cli/ConsoleProgress.h"

#include <cstdio>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "core/job/JobLabels.h"

namespace w2s {

ConsoleProgress::ConsoleProgress(std::ostream& out, bool tty) : out_(out), tty_(tty) {}

std::string ConsoleProgress::describe(const Job& job) {
  const JobLabels l = JobLabels::fromJson(job.labels);
  auto orUnknown = [](const std::string& v) { return v.empty() ? std::string("?") : v; };
  std::ostringstream s;
  s << toString(job.kind);
  if (job.kind == JobKind::Student) {
    s << " " << orUnknown(l.weakSize) << "->" << orUnknown(l.strongSize) << " " << l.view << " "
      << l.loss;
  } else {
    s << " " << orUnknown(l.size);
    if (job.kind == JobKind::Weak) s << " " << l.view;
  }
  // A pretrain job has no sweep seed: one pretrained model serves every seed.
  if (job.kind != JobKind::Pretrain) s << " seed " << l.seed.value_or(0);
  return s.str();
}

std::string ConsoleProgress::eta() const {
  const int left = toRun_ - finished_;
  if (ranCount_ == 0 || left <= 0) return "ETA --";
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double perJob = elapsed / ranCount_;  // wall time per job, concurrency included
  const int secs = static_cast<int>(perJob * left);
  char buf[32];
  std::snprintf(buf, sizeof buf, "ETA %d:%02d", secs / 60, secs % 60);
  return buf;
}

void ConsoleProgress::drawLine(const std::string& text) {
  if (tty_) {
    out_ << "\r\033[K" << text << std::flush;
  }
}

void ConsoleProgress::sweepStarted(int64_t sweepId, int planned, int alreadyDone) {
  std::lock_guard<std::mutex> lock(mutex_);
  planned_ = planned;
  toRun_ = planned - alreadyDone;
  start_ = std::chrono::steady_clock::now();
  out_ << "sweep " << sweepId << ": " << planned << " jobs planned, " << alreadyDone
       << " already in the store, " << toRun_ << " to train" << std::endl;
}

void ConsoleProgress::jobStarted(const Job& job) {
  std::lock_guard<std::mutex> lock(mutex_);
  running_[job.hash] = describe(job);
}

void ConsoleProgress::jobProgress(const Job& job, int64_t step, int64_t total, double loss) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::ostringstream s;
  s << describe(job) << " step " << step << "/" << total << " loss " << std::fixed
    << std::setprecision(4) << loss;
  running_[job.hash] = s.str();
  const auto now = std::chrono::steady_clock::now();
  if (!tty_ || now - lastDraw_ < std::chrono::milliseconds(200)) return;
  lastDraw_ = now;
  std::ostringstream line;
  line << "[" << finished_ << "/" << toRun_ << "] " << eta();
  for (const auto& kv : running_) line << " | " << kv.second;
  drawLine(line.str());
}

void ConsoleProgress::jobFinished(const Job& job, const std::string& status,
                                  const std::string& error, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  running_.erase(job.hash);
  ++finished_;
  if (status == "done" || status == "failed") {
    ++ranCount_;
    secondsSum_ += seconds;
  }
  if (tty_) out_ << "\r\033[K";
  out_ << "[" << finished_ << "/" << toRun_ << "] " << status << " " << describe(job) << " ("
       << std::fixed << std::setprecision(1) << seconds << " s) " << eta();
  if (!error.empty()) out_ << ": " << error;
  out_ << std::endl;
}

void ConsoleProgress::sweepFinished(int done, int failed, int cancelled) {
  std::lock_guard<std::mutex> lock(mutex_);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (tty_) out_ << "\r\033[K";
  out_ << "finished: " << done << " trained, " << failed << " failed, " << cancelled
       << " cancelled in " << std::fixed << std::setprecision(1) << elapsed << " s" << std::endl;
}

}  // namespace w2s
