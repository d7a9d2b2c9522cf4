#include "core/cli/Cli.h"

#include <sqlite3.h>
#include <torch/version.h>

#include <map>
#include <ostream>

#include "core/bench/Bench.h"
#include "core/cli/Commands.h"
#include "core/cli/ImportCommand.h"
#include "core/text/Utf8.h"
#include "core/util/Error.h"

namespace w2s {

namespace {

struct Registered {
  std::string help;
  CliCommand fn;
};

std::map<std::string, Registered>& registry() {
  static std::map<std::string, Registered> r;
  return r;
}

void usage(std::ostream& out) {
  out << "usage: w2s COMMAND [OPTIONS]\n\n"
         "commands:\n"
         "  run SWEEP.json [--db FILE] [--jobs N] [--device auto|cpu|cuda] [--threads N]\n"
         "                       plan the sweep and train every job the store does not have yet\n"
         "      [--level K [--shard I/N]] [--inputs STORE]\n"
         "                       only level K's jobs (0: no prerequisites), or shard I of N of\n"
         "                       them, after merging the previous levels' STORE into --db\n"
         "  status [--db FILE]   sweeps in the store and how far each got\n"
         "  status --cluster DIR progress of a w2s slurm submission, per level and task\n"
         "  report [--db FILE] [--sweep ID] [--format table|csv] [--level 0.95]\n"
         "         [--metric acc|auroc] [--ci t|bootstrap]\n"
         "                       weak x strong x loss: weak, ceiling, w2s accuracy (or AUROC), "
         "PGR,\n"
         "                       agreement, calibration; early-stopping and bootstrapping "
         "tables\n"
         "  export [--db FILE] [--sweep ID] --out DIR\n"
         "                       summaries, per-seed outcomes and all curves as CSV\n"
         "  import FOLDER [--format openai|eleuther|auto] [--db FILE]\n"
         "                       import openai/weak-to-strong or EleutherAI/w2s result folders\n"
         "  export-json --out FILE|- [--sweep ID|all] [--db FILE] [--level 0.95]\n"
         "                       a sweep's summaries as documented JSON (docs/interop.md)\n"
         "  compare --a METHOD --b METHOD [--metric "
         "pgr|pgr_auroc|pgr_best|pgr_early|acc|best_acc|auroc]\n"
         "          [--db FILE] [--sweep ID|all]\n"
         "                       paired comparison of two losses (or LOSS+bootstrap) per cell:\n"
         "                       median difference, sign test, Wilcoxon signed-rank test\n"
         "  merge OUT.db IN.db [IN.db ...]\n"
         "                       combine run stores by content hash (idempotent; a job done in\n"
         "                       both with different results is reported, exit status 3)\n"
         "  slurm SWEEP.json --out DIR [--array-size N] [--partition P] [--time T] [--mem M]\n"
         "        [--cpus-per-task N] [--gpus N] [--account A] [--db FINAL.db] [--submit]\n"
         "  slurm --resume DIR [--submit]\n"
         "                       the sweep as Slurm job arrays, one per level, merged between\n"
         "                       levels (docs/cluster.md); --resume resubmits unmerged tasks\n"
         "  bench [--steps N] [--threads N] [--models LIST] [--profile]\n"
         "                       training throughput and GFLOP/s per model vs a plain PyTorch\n"
         "                       loop, against a matmul peak (docs/benchmark.md)\n"
         "  losses [--markdown]  the student losses a sweep can name, with their options\n"
         "  methods [--markdown] the methods a sweep can turn on, by their sweep field\n";
  for (const auto& kv : registry()) out << "  " << kv.first << "  " << kv.second.help << "\n";
  out << "  --version            print versions\n\n"
         "The default store is ~/.local/share/w2s-workbench/runs.db ($W2S_DB overrides).\n";
}

}  // namespace

void registerCliCommand(const std::string& name, const std::string& help, CliCommand fn) {
  registry()[name] = Registered{help, std::move(fn)};
}

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    usage(args.empty() ? err : out);
    return args.empty() ? 2 : 0;
  }
  const std::string cmd = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    if (cmd == "--version" || cmd == "version") {
      out << "w2s " << W2S_VERSION << " (libtorch " << TORCH_VERSION << ", SQLite "
          << sqlite3_libversion() << ")\n";
      return 0;
    }
    if (cmd == "run") return runCommand(rest, out, err);
    if (cmd == "status") return statusCommand(rest, out, err);
    if (cmd == "report") return reportCommand(rest, out, err);
    if (cmd == "export") return exportCommand(rest, out, err);
    if (cmd == "import") return importCommand(rest, out, err);
    if (cmd == "export-json") return exportJsonCommand(rest, out, err);
    if (cmd == "compare") return compareCommand(rest, out, err);
    if (cmd == "merge") return mergeCommand(rest, out, err);
    if (cmd == "slurm") return slurmCommand(rest, out, err);
    if (cmd == "bench") return runBench(rest, out);
    if (cmd == "losses") return lossesCommand(rest, out, err);
    if (cmd == "methods") return methodsCommand(rest, out, err);
    if (auto it = registry().find(cmd); it != registry().end())
      return it->second.fn(rest, out, err);
    err << "w2s: unknown command \"" << printableText(cmd) << "\"\n";
    usage(err);
    return 2;
  } catch (const std::exception& e) {
    // Messages quote file contents and names: keep their control characters off the terminal.
    err << "w2s " << printableText(cmd) << ": error: " << printableText(e.what(), true) << "\n";
    return 1;
  }
}

}  // namespace w2s
