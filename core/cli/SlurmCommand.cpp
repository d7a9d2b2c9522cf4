// w2s slurm: a sweep as chained Slurm job arrays (core/run/Cluster.h, docs/cluster.md), and
// w2s status --cluster DIR.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <ostream>

#include "core/cli/Args.h"
#include "core/cli/Commands.h"
#include "core/run/Cluster.h"
#include "core/text/Utf8.h"
#include "core/util/Error.h"

namespace w2s {

namespace {

namespace fs = std::filesystem;

std::string absolute(const std::string& path) {
  return fs::absolute(fs::path(path)).lexically_normal().string();
}

/// Runs a script with bash, its output copied to `out`; returns its exit status.
int runScript(const std::string& script, std::ostream& out) {
  const std::string command = "bash '" + script + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw IoError("cannot start bash " + script);
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.write(buffer, n);
  const int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace

int slurmCommand(const ArgList& args, std::ostream& out, std::ostream& err) {
  Args a(args, "slurm",
         {"out", "partition", "array-size", "time", "mem", "cpus-per-task", "gpus", "account", "db",
          "resume", "w2s"},
         {"submit"});
  if (const auto resume = a.value("resume")) {
    if (!a.positional().empty()) {
      err << "w2s slurm: --resume DIR takes no sweep file (the folder records it)\n";
      return 2;
    }
    const ClusterLayout layout = ClusterLayout::load(absolute(*resume));
    const auto [script, tasks] = writeSlurmResume(layout);
    out << tasks << " array task(s) to resubmit; wrote " << script << "\n";
    if (!a.flag("submit") || tasks == 0) return 0;
    return runScript(script, out);
  }
  if (a.positional().size() != 1 || !a.value("out")) {
    err << "usage: w2s slurm SWEEP.json --out DIR [--array-size N] [--partition P] [--time T]\n"
           "         [--mem M] [--cpus-per-task N] [--gpus N] [--account A] [--db FINAL.db] "
           "[--submit]\n"
           "       w2s slurm --resume DIR [--submit]\n";
    return 2;
  }
  SlurmOptions o;
  o.sweep = absolute(a.positional()[0]);
  o.outDir = absolute(*a.value("out"));
  o.finalDb = a.value("db") ? absolute(*a.value("db")) : "";
  o.w2s = a.value("w2s") ? absolute(*a.value("w2s")) : fs::read_symlink("/proc/self/exe").string();
  o.arraySize = a.integer("array-size", 4, 1, 100000);
  o.cpusPerTask = a.integer("cpus-per-task", 1, 1, 1024);
  o.gpus = a.integer("gpus", 0, 0, 64);
  o.partition = a.value("partition", "");
  o.time = a.value("time", "");
  o.mem = a.value("mem", "");
  o.account = a.value("account", "");
  for (const std::string* v : {&o.partition, &o.time, &o.mem, &o.account}) {
    if (v->find_first_of(" \t\n'\"\\$`") != std::string::npos) {
      throw SpecError("w2s slurm: option value \"" + printableText(*v) +
                      "\" holds a space, quote or shell character");
    }
  }
  const ClusterLayout layout = planCluster(o);
  for (const ClusterLevel& l : layout.levels) {
    size_t jobs = 0;
    for (const auto& s : l.shardJobs) jobs += s.size();
    out << "level " << l.level << ": " << jobs << " jobs in " << l.shards << " array tasks\n";
  }
  const std::string submit = writeSlurmSubmission(layout);
  out << "wrote " << submit << " (run it to submit; results merge into " << layout.mergedDb()
      << (o.finalDb.empty() ? "" : " and then " + o.finalDb) << ")\n";
  if (!a.flag("submit")) return 0;
  return runScript(submit, out);
}

int clusterStatus(const std::string& dir, std::ostream& out) {
  const ClusterLayout layout = ClusterLayout::load(absolute(dir));
  out << "cluster run of sweep \"" << printableText(layout.sweepName) << "\" in "
      << layout.options.outDir << "\n";
  for (const LevelProgress& p : clusterProgress(layout)) {
    out << "level " << p.level << ": " << p.merged << "/" << p.jobs << " merged; tasks:";
    for (size_t s = 0; s < p.shardDone.size(); ++s) {
      out << " " << s + 1 << ":";
      if (p.shardDone[s] < 0) {
        out << "not started";
      } else {
        out << p.shardDone[s] << "/" << p.shardJobs[s];
      }
    }
    out << "\n";
  }
  return 0;
}

}  // namespace w2s
