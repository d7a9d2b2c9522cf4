#include <unistd.h>

#include <csignal>
#include <iostream>
#include <ostream>

#include "core/cli/Args.h"
#include "core/cli/Commands.h"
#include "core/cli/ConsoleProgress.h"
#include "core/run/SweepRunner.h"
#include "core/store/StoreMerge.h"
#include "core/sweep/Shards.h"
#include "core/sweep/SweepSpec.h"
#include "core/text/Utf8.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"

namespace w2s {

namespace {
CancelToken* gInterrupt = nullptr;
extern "C" void onInterrupt(int) {
  if (gInterrupt) gInterrupt->request();
}
}  // namespace

int runCommand(const ArgList& args, std::ostream& out, std::ostream& err) {
  Args a(args, "run", {"db", "jobs", "device", "threads", "level", "shard", "inputs"}, {"quiet"});
  if (a.positional().size() != 1) {
    err << "w2s run: expected one sweep file, e.g. w2s run resources/sweeps/default.json\n";
    return 2;
  }
  const std::string sweepPath = a.positional()[0];
  const SweepSpec spec = SweepSpec::fromFile(sweepPath);
  RunOptions opt;
  opt.jobs = a.integer("jobs", 1, 1, 64);
  opt.threadsPerJob = a.integer("threads", 0, 0, 256);
  opt.device = a.value("device", spec.device);
  if (opt.device != "auto" && opt.device != "cpu" && opt.device != "cuda") {
    err << "w2s run: --device expects auto, cpu or cuda, got \"" << opt.device << "\"\n";
    return 2;
  }
  const std::string db = a.value("db", defaultDbPath());
  if (a.value("shard") && !a.value("level")) {
    throw SpecError("w2s run: --shard needs --level (a shard is a part of one level's jobs)");
  }
  if (a.value("level")) {
    // One level's jobs, or one shard of them; the rest of the plan is left to other runs.
    const int level = a.integer("level", 0, 0, 1000);
    const auto [shard, shards] = a.value("shard") ? parseShard(*a.value("shard"), "--shard")
                                                  : std::pair<int, int>{0, 1};
    const std::vector<std::string> mine = shardJobs(planSweep(spec), level, shard, shards);
    opt.onlyJobs = std::set<std::string>(mine.begin(), mine.end());
    out << "level " << level << ", shard " << shard + 1 << "/" << shards << ": " << mine.size()
        << " jobs\n";
  }
  out << "store: " << db << "\n";
  if (const auto inputs = a.value("inputs")) {
    // The previous levels' results (labels, weights) this run's jobs start from.
    RunStore store(db);
    const MergeReport r = mergeStore(store, *inputs);
    out << "inputs: " << printableText(*inputs) << ": " << r.jobsAdded << " jobs added, "
        << r.jobsCompleted << " completed\n";
    for (const std::string& c : r.conflicts) err << "w2s run: inputs: " << printableText(c) << "\n";
  }

  CancelToken cancel;
  gInterrupt = &cancel;
  auto previous = std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);
  const bool tty = !a.flag("quiet") && &out == &std::cout && isatty(STDOUT_FILENO);
  ConsoleProgress progress(out, tty);
  SweepRunner runner(db, opt);
  const RunSummary s = runner.run(spec, sweepPath, &progress, cancel);
  std::signal(SIGINT, previous);
  std::signal(SIGTERM, SIG_DFL);
  gInterrupt = nullptr;

  out << s.planned << " planned, " << s.reused << " reused from the store, " << s.done
      << " trained, " << s.elsewhere << " done elsewhere, " << s.failed << " failed, " << s.skipped
      << " skipped, " << s.cancelled << " cancelled";
  if (opt.onlyJobs) out << ", " << s.outside << " left to other runs";
  out << "\n";
  for (const auto& w : s.warnings) err << "w2s run: warning: " << w << "\n";
  if (cancel.requested()) {
    err << "w2s run: interrupted; finished jobs are stored, run the same command to resume\n";
    return 130;
  }
  return s.failed + s.skipped > 0 ? 1 : 0;
}

}  // namespace w2s
