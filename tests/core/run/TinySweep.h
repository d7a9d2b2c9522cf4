#pragma once
// Small synthetic sweeps for runner and CLI tests (seconds to train).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace w2s::test {

/// Synthetic task; a weak MLP that sees a noisy view, a stronger MLP; xent; 2 seeds.
inline nlohmann::json tinySweepJson() {
  return nlohmann::json::parse(R"({
    "name": "tiny",
    "task": {"dataset": "synthetic", "dim": 16, "classes": 2, "n_train": 3000, "n_test": 1000,
             "teacher_width": 32, "nonlinearity": 0.3, "seed": 3},
    "ladder": [{"name": "s4", "family": "mlp", "width": 4, "depth": 1},
               {"name": "s64", "family": "mlp", "width": 64, "depth": 1}],
    "weak_sizes": ["s4"], "strong_sizes": ["s64"],
    "pairs": "weak<strong",
    "views": [{"name": "noisy", "type": "noise", "sigma": 1.5}],
    "losses": ["xent"],
    "seeds": [0, 1],
    "train": {"lr": 0.003, "epochs": 3, "batch_size": 32, "eval_every": 20}
  })");
}

/// A fresh temp folder for one test.
inline std::filesystem::path tempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("w2s-test-" + name + "-" +
                                                        std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string writeJson(const std::filesystem::path& path, const nlohmann::json& j) {
  std::ofstream(path) << j.dump(2);
  return path.string();
}

}  // namespace w2s::test
