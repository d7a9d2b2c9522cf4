#include "core/bench/Bench.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iomanip>
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
const char* kDefaultLadder = "mlp:8:1,mlp:32:1,mlp:128:1,mlp:512:1,mlp:2048:1,cnn:4,cnn:16";

struct Options {
  int steps = 200;
  int warmup = 20;
  int repeats = 3;
  std::vector<int> threads = {1};
  std::string python;
  std::string script;
  bool noPython = false;
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
Throughput measureCpp(const ModelSpec& spec, const Options& o, int64_t* params) {
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
  train(*model, in, cfg, LossSpec(), /*seed=*/1, torch::kCPU, &clock);
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

}  // namespace

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
    out << "\nintra-op threads: " << threads << " (OpenBLAS pinned to " << threads
        << " on both sides)\n";
    out << std::left << std::setw(14) << "model" << std::right << std::setw(10) << "params"
        << std::setw(12) << "C++ ex/s" << std::setw(13) << "Python ex/s" << std::setw(8) << "ratio"
        << std::setw(12) << "CPU ratio"
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
      out << std::left << std::setw(14) << o.models[i] << std::right << std::setw(10) << params
          << std::fixed << std::setprecision(0) << std::setw(12) << cpp.wall;
      if (py.rate.wall > 0.0) {
        out << std::setw(13) << py.rate.wall << std::setprecision(2) << std::setw(7)
            << cpp.wall / py.rate.wall << "x" << std::setw(11) << cpp.cpu / py.rate.cpu << "x";
        if (py.params != params) out << "  (python model has " << py.params << " params!)";
      } else {
        out << std::setw(13) << "n/a" << std::setw(8) << "n/a" << std::setw(12) << "n/a";
      }
      out << "\n" << std::flush;
    }
    if (!problem.empty()) out << "note: " << problem << "\n";
  }
  torch::set_num_threads(savedThreads);
  out.flags(savedFlags);
  out.precision(savedPrecision);
  return 0;
}

}  // namespace w2s
