#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace w2s {

/// `w2s bench`: training throughput (examples/s) of the workbench trainer per ladder member next
/// to the plain PyTorch loop in bench/python_loop.py (same model, batch 64, Adam, cosine schedule,
/// soft-label cross-entropy, random data of Fashion-MNIST shape; run once per model right before
/// the C++ measurement, so both see the same machine load), printed as a table with the ratio of
/// wall-clock throughputs and the ratio of process-CPU-time throughputs (the latter barely moves
/// when other programs load the machine; with one intra-op thread both agree on an idle one).
/// args: --steps N (timed steps, default 200), --warmup N (default 20), --repeats N (best of N
/// runs per side, default 3: robust to other load on the machine), --threads LIST (intra-op
/// threads, comma list, default 1), --python PATH, --script PATH, --no-python, --models LIST
/// (e.g. mlp:8:1,cnn:4). Returns the exit status; throws SpecError for bad arguments.
int runBench(const std::vector<std::string>& args, std::ostream& out);

}  // namespace w2s
