#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/models/ModelSpec.h"

namespace w2s {

/// Floating-point operations of one training example of a bench model ("mlp" or "cnn" on
/// 1x28x28 input, `classes` outputs): the multiply-adds (2 flops each) of every linear and
/// convolution layer forward, of its weight gradient, and of its input gradient except for the
/// first layer (the input needs none). Bias, ReLU, pooling, the loss and the optimiser are left
/// out; they are a few percent of the work for all but the smallest models.
int64_t trainFlopsPerExample(const ModelSpec& spec, int classes);

/// Single-precision matrix-multiply rate (GFLOP/s) of torch::mm on n x n matrices with the
/// current intra-op thread count, best of `repeats` timed runs: the ceiling `w2s bench` compares
/// the training rates with.
double matmulPeakGflops(int n, int repeats);

/// `w2s bench`: training throughput (examples/s) of the workbench trainer per ladder member next
/// to the plain PyTorch loop in bench/python_loop.py (same model, batch 64, Adam, cosine schedule,
/// soft-label cross-entropy, random data of Fashion-MNIST shape; run once per model right before
/// the C++ measurement, so both see the same machine load), printed as a table with the ratio of
/// wall-clock throughputs and the ratio of process-CPU-time throughputs (the latter barely moves
/// when other programs load the machine; with one intra-op thread both agree on an idle one).
/// args: --steps N (timed steps, default 200), --warmup N (default 20), --repeats N (best of N
/// runs per side, default 3: robust to other load on the machine), --threads LIST (intra-op
/// threads, comma list, default 1), --python PATH, --script PATH, --no-python, --models LIST
/// (e.g. mlp:8:1,cnn:4). Each row also gives both sides' GFLOP/s (trainFlopsPerExample times
/// examples/s) and the C++ side's share of the matmul peak measured in the same run. --profile
/// adds, per model, the operators that take the most time in one more C++ run (libtorch's
/// profiler), in milliseconds per step.
/// Returns the exit status; throws SpecError for bad arguments.
int runBench(const std::vector<std::string>& args, std::ostream& out);

}  // namespace w2s
