#pragma once
// Result folders in the layouts of openai/weak-to-strong and EleutherAI/w2s, written by the
// tests themselves (field names as those code bases write them).
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace w2s::test {

/// A fresh temporary folder, removed with the object.
class TempFolder {
 public:
  TempFolder() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "w2s-interop-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void writeText(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

inline void writeJsonFile(const std::filesystem::path& file, const nlohmann::json& j) {
  writeText(file, j.dump(2));
}

/// config.json of a ground-truth run as train_simple.py writes it.
inline nlohmann::json openAiGtConfig(const std::string& model, uint64_t seed, double lr = 5e-5,
                                     const std::string& ds = "sciq") {
  return {{"batch_size", 32},      {"max_ctx", 1024},
          {"ds_name", ds},         {"loss", "xent"},
          {"n_docs", 20000},       {"n_test_docs", 10000},
          {"model_size", model},   {"lr", lr},
          {"optim", "adam"},       {"epochs", 2},
          {"seed", seed},          {"train_with_dropout", false},
          {"linear_probe", false}, {"lr_schedule", "cosine_anneal"},
          {"eval_every", 1000000}};
}

/// config.json of a weak-to-strong run: the student's fields plus weak_model_size and the weak
/// model's whole config nested as "weak_model".
inline nlohmann::json openAiStudentConfig(const nlohmann::json& weakConfig,
                                          const std::string& strong, const std::string& loss,
                                          double lr = 5e-5) {
  nlohmann::json c = weakConfig;
  c["model_size"] = strong;
  c["loss"] = loss;
  c["lr"] = lr;
  c["weak_model_size"] = weakConfig.at("model_size");
  c["weak_model"] = weakConfig;
  return c;
}

/// One run folder under root/default/NAME with config.json and results_summary.json.
inline std::filesystem::path writeOpenAiRun(const std::filesystem::path& root,
                                            const std::string& name, const nlohmann::json& config,
                                            double accuracy) {
  const auto dir = root / "default" / name;
  writeJsonFile(dir / "config.json", config);
  writeJsonFile(dir / "results_summary.json", {{"accuracy", accuracy}});
  return dir;
}

/// config.json of an EleutherAI/w2s stage (SFTConfig.to_dict() plus model, train_args, transfer).
inline nlohmann::json eleutherConfig(const std::string& model, bool transfer, uint64_t seed = 42,
                                     const std::string& ds = "sciq") {
  return {{"weak_model_name", "EleutherAI/pythia-160m"},
          {"strong_model_name", "EleutherAI/pythia-1b"},
          {"dataset", ds},
          {"n_epochs", 2},
          {"n_train", 20000},
          {"n_test", 1000},
          {"batch_size", 32},
          {"loss_name", "logconf"},
          {"loss", {{"logconf_weight", 0.5}, {"logconf_warmup_steps", 200}}},
          {"model", {{"name", model}, {"enable_lora", true}}},
          {"train_args",
           {{"learning_rate", 5e-4},
            {"num_train_epochs", 2},
            {"seed", seed},
            {"lr_scheduler_type", "cosine"},
            {"weight_decay", 0.1}}},
          {"transfer", transfer}};
}

/// A stage folder with config.json and results.json as Trainer.evaluate() returns them.
inline std::filesystem::path writeEleutherStage(const std::filesystem::path& dir,
                                                const nlohmann::json& config, double accuracy,
                                                double auroc) {
  writeJsonFile(dir / "config.json", config);
  writeJsonFile(dir / "results.json", {{"eval_loss", 0.6},
                                       {"eval_accuracy", accuracy},
                                       {"eval_auroc", auroc},
                                       {"eval_runtime", 3.2},
                                       {"epoch", 2.0}});
  return dir;
}

}  // namespace w2s::test
