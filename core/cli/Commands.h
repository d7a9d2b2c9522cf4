#pragma once
// The built-in subcommands of `w2s` (dispatched by Cli.cpp).
#include <iosfwd>
#include <string>
#include <vector>

namespace w2s {

using ArgList = std::vector<std::string>;
int runCommand(const ArgList& args, std::ostream& out, std::ostream& err);
int statusCommand(const ArgList& args, std::ostream& out, std::ostream& err);
int reportCommand(const ArgList& args, std::ostream& out, std::ostream& err);
int exportCommand(const ArgList& args, std::ostream& out, std::ostream& err);
/// w2s compare --a METHOD --b METHOD: paired comparison of two methods across a sweep.
int compareCommand(const ArgList& args, std::ostream& out, std::ostream& err);
/// w2s merge OUT.db IN.db...: combines run stores by content hash; exit 3 when results conflict.
int mergeCommand(const ArgList& args, std::ostream& out, std::ostream& err);
/// w2s slurm SWEEP.json --out DIR: the sweep as chained Slurm job arrays (docs/cluster.md).
int slurmCommand(const ArgList& args, std::ostream& out, std::ostream& err);
/// w2s losses [--markdown]: the registered losses and their options (LossRegistry).
int lossesCommand(const ArgList& args, std::ostream& out, std::ostream& err);
/// w2s methods [--markdown]: the registered methods and their sweep fields (MethodPlanner.h).
int methodsCommand(const ArgList& args, std::ostream& out, std::ostream& err);
/// w2s status --cluster DIR: per level, jobs merged and each array task's progress.
int clusterStatus(const std::string& dir, std::ostream& out);

}  // namespace w2s
