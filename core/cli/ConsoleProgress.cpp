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

void ConsoleProgress::onEvent(const SweepEvent& event) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (const auto* e = std::get_if<SweepStarted>(&event)) started(*e);
  if (const auto* e = std::get_if<JobStarted>(&event)) running_[e->job->hash] = describe(*e->job);
  if (const auto* e = std::get_if<JobProgressed>(&event)) progressed(*e);
  if (const auto* e = std::get_if<JobFinished>(&event)) finished(*e);
  if (const auto* e = std::get_if<SweepFinished>(&event)) ended(*e);
}

void ConsoleProgress::started(const SweepStarted& e) {
  const int64_t sweepId = e.sweepId;
  const int planned = e.planned, alreadyDone = e.alreadyDone;
  planned_ = planned;
  toRun_ = planned - alreadyDone;
  start_ = std::chrono::steady_clock::now();
  out_ << "sweep " << sweepId << ": " << planned << " jobs planned, " << alreadyDone
       << " already in the store, " << toRun_ << " to train" << std::endl;
}

void ConsoleProgress::progressed(const JobProgressed& e) {
  std::ostringstream s;
  s << describe(*e.job) << " step " << e.step << "/" << e.totalSteps << " loss " << std::fixed
    << std::setprecision(4) << e.loss;
  running_[e.job->hash] = s.str();
  const auto now = std::chrono::steady_clock::now();
  if (!tty_ || now - lastDraw_ < std::chrono::milliseconds(200)) return;
  lastDraw_ = now;
  std::ostringstream line;
  line << "[" << finished_ << "/" << toRun_ << "] " << eta();
  for (const auto& kv : running_) line << " | " << kv.second;
  drawLine(line.str());
}

void ConsoleProgress::finished(const JobFinished& e) {
  running_.erase(e.job->hash);
  ++finished_;
  if (e.outcome == JobOutcome::Done || e.outcome == JobOutcome::Failed) {
    ++ranCount_;
    secondsSum_ += e.seconds;
  }
  if (tty_) out_ << "\r\033[K";
  out_ << "[" << finished_ << "/" << toRun_ << "] " << toString(e.outcome) << " "
       << describe(*e.job) << " (" << std::fixed << std::setprecision(1) << e.seconds << " s) "
       << eta();
  if (!e.error.empty()) out_ << ": " << e.error;
  out_ << std::endl;
}

void ConsoleProgress::ended(const SweepFinished& e) {
  const int done = e.done, failed = e.failed, cancelled = e.cancelled;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (tty_) out_ << "\r\033[K";
  out_ << "finished: " << done << " trained, " << failed << " failed, " << cancelled
       << " cancelled in " << std::fixed << std::setprecision(1) << elapsed << " s" << std::endl;
}

}  // namespace w2s
