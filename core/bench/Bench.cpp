#include "core/bench/Bench.h"

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "core/models/Classifier.h"
#include "core/train/Trainer.h"
#include "core/util/BlasThreads.h"
#include "core/util/Error.h"
#include "core/util/JsonLimits.h"
#include "core/util/Paths.h"

namespace w2s {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kBatch = 64;
constexpr int kClasses = 10;
const std::vector<int64_t> kInputShape = {1, 28, 28};
constexpr int kPeakMatrix = 512;  // sgemm size of the peak: large enough for full-speed kernels
const char* kDefaultLadder = "mlp:8:1,mlp:32:1,mlp:128:1,mlp:512:1,mlp:2048:1,cnn:4,cnn:16";

struct Options {
  int steps = 200;
  int warmup = 20;
  int repeats = 3;
  std::vector<int> threads = {1};
  std::string python;
  std::string script;
  bool noPython = false;
  bool profile = false;
  std::vector<std::string> models;
};

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> parts;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');) {
    if (!item.empty()) parts.push_back(item);
  }
  return parts;
}

int positiveInt(const std::string& flag, const std::string& value) {
  try {
    size_t used = 0;
    const int v = std::stoi(value, &used);
    if (used == value.size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  throw SpecError("bench: " + flag + " expects a positive integer, got '" + value + "'");
}

// "mlp:WIDTH:DEPTH" or "cnn:CHANNELS", the names python_loop.py understands.
ModelSpec parseModel(const std::string& name) {
  const std::vector<std::string> parts = [&] {
    std::vector<std::string> p;
    std::stringstream ss(name);
    for (std::string item; std::getline(ss, item, ':');) p.push_back(item);
    return p;
  }();
  ModelSpec spec;
  spec.name = name;
  if (parts.size() == 3 && parts[0] == "mlp") {
    spec.family = "mlp";
    spec.width = positiveInt("--models width", parts[1]);
    spec.depth = positiveInt("--models depth", parts[2]);
    return spec;
  }
  if (parts.size() == 2 && parts[0] == "cnn") {
    spec.family = "cnn";
    spec.channels = positiveInt("--models channels", parts[1]);
    return spec;
  }
  throw SpecError("bench: --models entry '" + name + "' is not mlp:WIDTH:DEPTH or cnn:CHANNELS");
}

Options parseArgs(const std::vector<std::string>& args) {
  Options o;
  std::string models = kDefaultLadder;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw SpecError("bench: " + a + " expects a value");
      return args[++i];
    };
    if (a == "--steps") {
      o.steps = positiveInt(a, value());
    } else if (a == "--repeats") {
      o.repeats = positiveInt(a, value());
    } else if (a == "--warmup") {
      o.warmup = positiveInt(a, value());
    } else if (a == "--threads") {
      o.threads.clear();
      for (const auto& t : splitList(value())) o.threads.push_back(positiveInt(a, t));
      if (o.threads.empty()) throw SpecError("bench: --threads expects a list like 1,2");
    } else if (a == "--python") {
      o.python = value();
    } else if (a == "--script") {
      o.script = value();
    } else if (a == "--no-python") {
      o.noPython = true;
    } else if (a == "--profile") {
      o.profile = true;
    } else if (a == "--models") {
      models = value();
    } else {
      throw SpecError("bench: unknown argument '" + a + "'");
    }
  }
  o.models = splitList(models);
  if (o.models.empty()) throw SpecError("bench: --models is empty");
  if (o.python.empty()) {
    // Debian's python3-torch belongs to /usr/bin/python3; a python3 earlier on PATH may lack it.
    o.python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  }
  return o;
}

std::string findScript() {
  const fs::path res = resourceDir();
  const std::vector<fs::path> candidates = {
      res / ".." / "bench" / "python_loop.py", res / "bench" / "python_loop.py",
      fs::path(W2S_SOURCE_RESOURCE_DIR) / ".." / "bench" / "python_loop.py",
      fs::path(W2S_INSTALL_DATADIR) / "bench" / "python_loop.py"};
  for (const auto& c : candidates) {
    if (fs::exists(c)) return fs::weakly_canonical(c).string();
  }
  return "";
}

// Times the timed window between two onStep callbacks of a real training run.
class StepClock : public TrainObserver {
 public:
  StepClock(int64_t first, int64_t last) : first_(first), last_(last) {}
  void onStep(int64_t step, int64_t /*totalSteps*/, double /*loss*/) override {
    if (step == first_) {
      begin_ = Clock::now();
      cpuBegin_ = std::clock();
    }
    if (step == last_) {
      end_ = Clock::now();
      cpuEnd_ = std::clock();
    }
  }
  double seconds() const { return std::chrono::duration<double>(end_ - begin_).count(); }
  double cpuSeconds() const { return static_cast<double>(cpuEnd_ - cpuBegin_) / CLOCKS_PER_SEC; }

 private:
  int64_t first_, last_;
  Clock::time_point begin_, end_;
  std::clock_t cpuBegin_ = 0, cpuEnd_ = 0;
};

struct Throughput {
  double wall = 0.0;  ///< examples per second of wall time
  double cpu = 0.0;   ///< examples per second of process CPU time: robust to other load
};

// Throughput of w2s::train on random data, timed after `warmup` steps.
Throughput measureCpp(const ModelSpec& spec, const Options& o, int64_t* params,
                      const std::string& traceFile = "") {
  torch::manual_seed(0);
  auto model = makeModel(spec, kInputShape, kClasses);
  *params = parameterCount(*model);
  const int64_t n = static_cast<int64_t>(o.warmup + o.steps) * kBatch;
  auto gen = at::detail::createCPUGenerator(/*seed_val=*/1);
  TrainInputs in;
  in.x = torch::randn({n, 1, 28, 28}, gen);
  in.targets = torch::softmax(torch::randn({n, kClasses}, gen), 1);
  in.testX = in.x.narrow(0, 0, kBatch);
  in.testY = torch::zeros({kBatch}, torch::kLong);
  TrainConfig cfg;
  cfg.epochs = 1;
  cfg.batchSize = kBatch;
  cfg.evalEvery = 0;  // only the final evaluation, after the timed window
  StepClock clock(o.warmup, o.warmup + o.steps);
  if (traceFile.empty()) {
    train(*model, in, cfg, LossSpec(), /*seed=*/1, torch::kCPU, &clock);
  } else {
    torch::autograd::profiler::RecordProfile record(traceFile);
    train(*model, in, cfg, LossSpec(), /*seed=*/1, torch::kCPU, &clock);
  }
  const double examples = static_cast<double>(o.steps) * kBatch;
  return {examples / clock.seconds(), examples / clock.cpuSeconds()};
}

// Runs python_loop.py for one model; examples/s and its parameter count, or a problem text.
struct PythonResult {
  Throughput rate;
  int64_t params = 0;
  std::string problem;
};

PythonResult measurePython(const Options& o, const std::string& model, int threads) {
  PythonResult res;
  // Both sides pin OpenBLAS's own pool to the intra-op thread count (it ignores set_num_threads).
  const std::string cmd = "OPENBLAS_NUM_THREADS=" + std::to_string(threads) +
                          " OMP_NUM_THREADS=" + std::to_string(threads) + " '" + o.python + "' '" +
                          o.script + "' --models " + model + " --steps " + std::to_string(o.steps) +
                          " --warmup " + std::to_string(o.warmup) + " --batch " +
                          std::to_string(kBatch) + " --classes " + std::to_string(kClasses) +
                          " --threads " + std::to_string(threads) + " --repeats " +
                          std::to_string(o.repeats);
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) {
    res.problem = "cannot start " + o.python;
    return res;
  }
  std::string text;
  char buf[4096];
  while (size_t got = fread(buf, 1, sizeof buf, pipe)) text.append(buf, got);
  const int status = pclose(pipe);
  if (status != 0) {
    res.problem = "'" + o.python + " " + o.script + "' failed (status " + std::to_string(status) +
                  "; is python3-torch installed?)";
    return res;
  }
  try {
    const auto j = parseJsonLimited(text, o.script + " output").at("results").at(0);
    res.rate = {j.at("examples_per_s").get<double>(), j.at("examples_per_cpu_s").get<double>()};
    res.params = j.at("params").get<int64_t>();
  } catch (const std::exception& e) {  // nlohmann's errors and DataError
    res.problem = "python_loop.py printed unreadable output: " + std::string(e.what());
  }
  return res;
}

// Multiply-adds of a layer with `macs` multiply-adds forward: forward, weight gradient and, unless
// it is the first layer, input gradient; 2 flops each.
int64_t layerTrainFlops(int64_t macs, bool first) { return 2 * macs * (first ? 2 : 3); }

struct TraceEvent {
  std::string name;
  double begin = 0.0, end = 0.0;  // microseconds
  int64_t thread = 0;
};

// Self time per operator name (its duration minus that of the operators it called) and calls,
// from the complete ("X") events of a chrome trace that nest per thread.
std::map<std::string, std::pair<double, int64_t>> selfTimes(std::vector<TraceEvent> events) {
  std::sort(events.begin(), events.end(), [](const TraceEvent& a, const TraceEvent& b) {
    return a.thread != b.thread ? a.thread < b.thread
                                : (a.begin != b.begin ? a.begin < b.begin : a.end > b.end);
  });
  std::map<std::string, std::pair<double, int64_t>> byName;
  std::vector<size_t> open;  // enclosing events of the current one, innermost last
  for (size_t i = 0; i < events.size(); ++i) {
    const TraceEvent& e = events[i];
    while (!open.empty() &&
           (events[open.back()].thread != e.thread || events[open.back()].end <= e.begin)) {
      open.pop_back();
    }
    auto& entry = byName[e.name];
    entry.first += e.end - e.begin;
    ++entry.second;
    if (!open.empty()) byName[events[open.back()].name].first -= e.end - e.begin;
    open.push_back(i);
  }
  return byName;
}

// One more C++ run of `spec` under libtorch's profiler: the operators with the most self time,
// in milliseconds per training step (a custom autograd function shows only its backward).
void printProfile(const ModelSpec& spec, const std::string& name, const Options& o,
                  std::ostream& out) {
  const fs::path trace =
      fs::temp_directory_path() / ("w2s-bench-profile-" + std::to_string(::getpid()) + ".json");
  int64_t params = 0;
  measureCpp(spec, o, &params, trace.string());
  std::vector<TraceEvent> events;
  try {
    std::ifstream in(trace);
    const nlohmann::json doc = nlohmann::json::parse(in);
    const nlohmann::json& list = doc.is_object() ? doc.at("traceEvents") : doc;
    for (const auto& e : list) {
      if (e.value("ph", "") != "X") continue;
      const double ts = e.value("ts", 0.0);
      events.push_back({e.value("name", "?"), ts, ts + e.value("dur", 0.0), e.value("tid", 0)});
    }
  } catch (const std::exception& e) {
    out << "note: the profile of " << name << " could not be read: " << e.what() << "\n";
  }
  fs::remove(trace);
  const auto byName = selfTimes(std::move(events));
  std::vector<std::pair<std::string, std::pair<double, int64_t>>> rows(byName.begin(),
                                                                       byName.end());
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
  double total = 0.0;
  for (const auto& r : rows) total += r.second.first;
  const double steps = o.warmup + o.steps;
  out << "\nprofile of " << name << ": self time per step, " << std::fixed << std::setprecision(3)
      << total / 1e3 / steps << " ms in operators (" << o.warmup + o.steps << " steps)\n";
  for (size_t i = 0; i < rows.size() && i < 10; ++i) {
    out << std::right << std::setprecision(3) << std::setw(9) << rows[i].second.first / 1e3 / steps
        << " ms " << std::setprecision(1) << std::setw(5) << 100.0 * rows[i].second.first / total
        << "%  " << rows[i].first << "\n";
  }
}

}  // namespace

int64_t trainFlopsPerExample(const ModelSpec& spec, int classes) {
  const int64_t h = kInputShape[1], w = kInputShape[2];
  int64_t flops = 0;
  if (spec.family == "mlp") {
    int64_t in = kInputShape[0] * h * w;
    for (int d = 0; d < spec.depth; ++d) {
      flops += layerTrainFlops(in * spec.width, d == 0);
      in = spec.width;
    }
    return flops + layerTrainFlops(in * classes, spec.depth == 0);
  }
  if (spec.family == "cnn") {
    const int64_t c = spec.channels;
    flops += layerTrainFlops(kInputShape[0] * c * 9 * h * w, true);      // conv1, full resolution
    flops += layerTrainFlops(c * 2 * c * 9 * (h / 2) * (w / 2), false);  // conv2 after one pool
    return flops + layerTrainFlops(2 * c * (h / 4) * (w / 4) * classes, false);
  }
  throw SpecError("bench: no flop count for model family '" + spec.family + "'");
}

double matmulPeakGflops(int n, int repeats) {
  torch::NoGradGuard noGrad;
  auto gen = at::detail::createCPUGenerator(/*seed_val=*/3);
  const torch::Tensor a = torch::randn({n, n}, gen), b = torch::randn({n, n}, gen);
  torch::Tensor c = torch::empty({n, n});
  torch::mm_out(c, a, b);  // warm-up: OpenBLAS starts its threads and touches the buffers
  double best = 0.0;
  for (int r = 0; r < repeats; ++r) {
    // Enough products for ~0.1 s at a few GFLOP/s, so the clock's resolution does not matter.
    const int times = std::max(1, static_cast<int>(4e8 / (2.0 * n * n * n)));
    const auto begin = Clock::now();
    for (int t = 0; t < times; ++t) torch::mm_out(c, a, b);
    const double s = std::chrono::duration<double>(Clock::now() - begin).count();
    best = std::max(best, 2.0 * n * n * n * times / s / 1e9);
  }
  return best;
}

int runBench(const std::vector<std::string>& args, std::ostream& out) {
  Options o = parseArgs(args);
  std::vector<ModelSpec> specs;
  for (const auto& m : o.models) specs.push_back(parseModel(m));
  if (!o.noPython && o.script.empty()) {
    o.script = findScript();
    if (o.script.empty()) {
      out << "note: bench/python_loop.py not found (use --script PATH); C++ column only\n";
      o.noPython = true;
    }
  }
  const int savedThreads = torch::get_num_threads();
  const std::ios_base::fmtflags savedFlags = out.flags();
  const std::streamsize savedPrecision = out.precision();
  out << "Training throughput (examples/s): batch " << kBatch << ", Adam, cosine lr, soft-label "
      << "CE, input 1x28x28, " << kClasses << " classes, " << o.steps << " timed steps after "
      << o.warmup << " warm-up, best of " << o.repeats << "\n";
  for (int threads : o.threads) {
    torch::set_num_threads(threads);
    setBlasThreads(threads);
    const double peak = matmulPeakGflops(kPeakMatrix, o.repeats);
    out << "\nintra-op threads: " << threads << " (OpenBLAS pinned to " << threads
        << " on both sides); matmul peak " << std::fixed << std::setprecision(1) << peak
        << " GFLOP/s (" << kPeakMatrix << "x" << kPeakMatrix << " sgemm)\n";
    out << std::left << std::setw(14) << "model" << std::right << std::setw(10) << "params"
        << std::setw(11) << "MFLOP/ex" << std::setw(11) << "C++ ex/s" << std::setw(8) << "GFLOP/s"
        << std::setw(7) << "%peak" << std::setw(12) << "Python ex/s" << std::setw(8) << "GFLOP/s"
        << std::setw(8) << "ratio" << std::setw(11) << "CPU ratio"
        << "\n";
    std::string problem;
    for (size_t i = 0; i < specs.size(); ++i) {
      // Python right before C++ for each model, so both see about the same machine load.
      PythonResult py;
      if (!o.noPython && problem.empty()) {
        py = measurePython(o, o.models[i], threads);
        problem = py.problem;
      }
      int64_t params = 0;
      Throughput cpp;
      for (int r = 0; r < o.repeats; ++r) {
        const Throughput t = measureCpp(specs[i], o, &params);
        cpp.wall = std::max(cpp.wall, t.wall);
        cpp.cpu = std::max(cpp.cpu, t.cpu);
      }
      const double gflopPerEx = static_cast<double>(trainFlopsPerExample(specs[i], kClasses)) / 1e9;
      out << std::left << std::setw(14) << o.models[i] << std::right << std::setw(10) << params
          << std::fixed << std::setprecision(3) << std::setw(11) << gflopPerEx * 1e3
          << std::setprecision(0) << std::setw(11) << cpp.wall << std::setprecision(2)
          << std::setw(8) << cpp.wall * gflopPerEx << std::setprecision(1) << std::setw(6)
          << 100.0 * cpp.wall * gflopPerEx / peak << "%";
      if (py.rate.wall > 0.0) {
        out << std::setprecision(0) << std::setw(12) << py.rate.wall << std::setprecision(2)
            << std::setw(8) << py.rate.wall * gflopPerEx << std::setw(7) << cpp.wall / py.rate.wall
            << "x" << std::setw(10) << cpp.cpu / py.rate.cpu << "x";
        if (py.params != params) out << "  (python model has " << py.params << " params!)";
      } else {
        out << std::setw(12) << "n/a" << std::setw(8) << "n/a" << std::setw(8) << "n/a"
            << std::setw(11) << "n/a";
      }
      out << "\n" << std::flush;
    }
    if (!problem.empty()) out << "note: " << problem << "\n";
    if (o.profile) {
      for (size_t i = 0; i < specs.size(); ++i) printProfile(specs[i], o.models[i], o, out);
    }
  }
  torch::set_num_threads(savedThreads);
  out.flags(savedFlags);
  out.precision(savedPrecision);
  return 0;
}

}  // namespace w2s
