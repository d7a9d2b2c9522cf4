#include "core/interop/EleutherImporter.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "core/interop/ImportSupport.h"
#include "core/interop/KnownModels.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace w2s {

namespace {

using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kFormat = "EleutherAI/w2s";

enum class Stage { Weak, Strong, Student, Unknown };

// Stage and student-to-student iteration (-1 for the w2s stage) from the folder name.
Stage stageOf(const std::string& name, int* iteration) {
  *iteration = -1;
  if (name == "weak" || name == "floor") return Stage::Weak;
  if (name == "strong" || name == "ceil" || name == "ceiling") return Stage::Strong;
  if (name.rfind("w2s", 0) == 0) return Stage::Student;
  if (name.rfind("s2s-", 0) == 0 && name.size() > 4 &&
      name.find_first_not_of("0123456789", 4) == std::string::npos) {
    *iteration = std::stoi(name.substr(4));
    return Stage::Student;
  }
  return Stage::Unknown;
}

std::string modelName(const json& config, Stage stage, const fs::path& file) {
  if (config.contains("model") && config.at("model").is_object() &&
      config.at("model").contains("name")) {
    return stringField(config.at("model"), "name", file);
  }
  for (const char* key : stage == Stage::Weak
                             ? std::vector<const char*>{"weak_model_name", "weak_name"}
                             : std::vector<const char*>{"strong_model_name"}) {
    if (config.contains(key)) return stringField(config, key, file);
  }
  throw DataError(file.string() + ": no model name (expected \"model\": {\"name\": ...} or \"" +
                  (stage == Stage::Weak ? "weak_model_name" : "strong_model_name") + "\")");
}

json trainFields(const json& config) {
  json t = json::object();
  const json args = config.contains("train_args") && config.at("train_args").is_object()
                        ? config.at("train_args")
                        : json::object();
  auto copy = [&](const json& from, const char* key, const char* to) {
    if (from.contains(key)) t[to] = from.at(key);
  };
  copy(args, "learning_rate", "lr");
  copy(args, "num_train_epochs", "epochs");
  copy(config, "batch_size", "batch_size");
  copy(args, "lr_scheduler_type", "schedule");
  copy(args, "weight_decay", "weight_decay");
  copy(args, "warmup_steps", "warmup_steps");
  copy(args, "eval_steps", "eval_every");
  return t;
}

// The Hugging Face Trainer keeps its log in trainer_state.json inside each checkpoint folder:
// take the one that got furthest.
std::vector<EvalPoint> readTrainerState(const fs::path& dir, const fs::path& root) {
  fs::path best;
  int64_t bestStep = -1;
  std::error_code ec;
  std::vector<fs::path> candidates = {dir / "trainer_state.json"};
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::end(it); it.increment(ec)) {
    if (it->is_directory(ec)) candidates.push_back(it->path() / "trainer_state.json");
  }
  std::sort(candidates.begin(), candidates.end());
  json state;
  for (const fs::path& f : candidates) {
    if (!fs::is_regular_file(f, ec)) continue;
    json s = readJsonFile(f, root);
    const int64_t step =
        s.is_object() && s.contains("global_step") && s.at("global_step").is_number_integer()
            ? s.at("global_step").get<int64_t>()
            : 0;
    if (step > bestStep) {
      bestStep = step;
      best = f;
      state = std::move(s);
    }
  }
  std::vector<EvalPoint> curve;
  if (best.empty()) return curve;
  if (!state.contains("log_history") || !state.at("log_history").is_array()) {
    throw DataError(best.string() + ": field \"log_history\" is missing or not an array");
  }
  double lossSum = 0.0, lastLr = kNaN;
  int lossCount = 0;
  for (const json& e : state.at("log_history")) {
    if (!e.is_object()) continue;
    if (auto lr = numberField(e, {"learning_rate"})) lastLr = *lr;
    if (auto loss = numberField(e, {"loss"})) {
      lossSum += *loss;
      ++lossCount;
    }
    const auto acc = numberField(e, {"eval_test_accuracy", "eval_accuracy"});
    if (!acc) continue;
    EvalPoint p;
    p.step =
        e.contains("step") && e.at("step").is_number_integer() ? e.at("step").get<int64_t>() : 0;
    p.epoch = numberField(e, {"epoch"}).value_or(kNaN);
    p.trainLoss = lossCount ? lossSum / lossCount : kNaN;
    p.testLoss = numberField(e, {"eval_test_loss", "eval_loss"}).value_or(kNaN);
    p.testAcc = *acc;
    p.lr = lastLr;
    curve.push_back(p);
    lossSum = 0.0;
    lossCount = 0;
  }
  return curve;
}

struct StageRun {
  Stage stage = Stage::Unknown;
  int iteration = -1;
  std::string weakModel;  ///< students: the weak model named in their config, if any
};

ImportedRun readStage(const fs::path& dir, const fs::path& root, StageRun& info) {
  const fs::path configFile = dir / "config.json";
  const fs::path resultsFile = dir / "results.json";
  ImportedRun r;
  r.path = dir.string();
  r.original = readJsonFile(configFile, root);
  r.results = readJsonFile(resultsFile, root);
  if (!r.original.is_object()) throw DataError(configFile.string() + ": expected a JSON object");
  r.task = stringField(r.original, "dataset", configFile);
  r.model = modelName(r.original, info.stage, configFile);
  const json& args = r.original.contains("train_args") ? r.original.at("train_args") : json();
  if (args.is_object() && args.contains("seed")) {
    r.seed = seedField(args.at("seed"), "train_args.seed", configFile);
  } else if (r.original.contains("seed")) {
    r.seed = seedField(r.original.at("seed"), "seed", configFile);
  }
  r.train = trainFields(r.original);
  r.accuracy = accuracyField(
      r.results, {"eval_test_accuracy", "eval_accuracy", "test_accuracy", "accuracy", "acc"},
      resultsFile);
  if (auto a = numberField(r.results, {"eval_test_auroc", "eval_auroc", "test_auroc", "auroc"})) {
    r.auroc = *a;
  }
  r.params = knownModelParams(r.model);
  r.curve = readTrainerState(dir, root);
  r.stage = dir.filename().string();
  r.groundTruth = info.stage != Stage::Student;
  r.asWeak = info.stage == Stage::Weak;
  r.asCeiling = info.stage == Stage::Strong;
  if (info.stage == Stage::Student) {
    std::string loss = "unknown";
    if (r.original.contains("loss_name")) {
      loss = stringField(r.original, "loss_name", configFile);
    } else if (r.original.contains("loss") && r.original.at("loss").is_string()) {
      loss = r.original.at("loss").get<std::string>();
    }
    r.lossConfig = r.original.contains("loss") && r.original.at("loss").is_object()
                       ? r.original.at("loss")
                       : json::object();
    r.lossConfig["name"] = loss;
    r.loss = loss;
    if (info.iteration >= 0) {
      r.method = "s2s-" + std::to_string(info.iteration);
      r.chainStep = info.iteration + 2;  // weak -> w2s -> s2s-0 -> ...
    }
    for (const char* key : {"weak_model_name", "weak_name"}) {
      if (r.original.contains(key)) info.weakModel = stringField(r.original, key, configFile);
    }
  }
  return r;
}

void link(ImportBatch& batch, const std::vector<StageRun>& info) {
  auto& runs = batch.runs;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (info[i].stage != Stage::Student) continue;
    ImportedRun& s = runs[i];
    const std::string& weakModel = info[i].weakModel;
    const int weak = bestMatch(runs, s, json(), [&](const ImportedRun& c) {
      return c.asWeak && c.task == s.task && c.seed == s.seed &&
             (weakModel.empty() || c.model == weakModel);
    });
    const int ceiling = bestMatch(runs, s, json(), [&](const ImportedRun& c) {
      return c.asCeiling && c.task == s.task && c.seed == s.seed && c.model == s.model;
    });
    const std::string what =
        s.path + " (" + s.task + ", " + s.model + ", seed " + std::to_string(s.seed) + ")";
    if (weak < 0) {
      batch.warnings.push_back(what + ": no weak stage of the same dataset and seed" +
                               (weakModel.empty() ? "" : " with model " + weakModel) +
                               "; imported without a supervisor (no PGR)");
    }
    if (ceiling < 0) {
      batch.warnings.push_back(what + ": no strong stage of " + s.model +
                               " with the same dataset and seed; imported without a ceiling "
                               "(no PGR)");
    }
    s.weakRoot = weak;
    s.ceiling = ceiling;
    if (info[i].iteration < 0) {
      s.supervisor = weak;
      continue;
    }
    // s2s-N learns from the stage before it in the same folder: s2s-(N-1), or w2s for N = 0.
    const fs::path parent = fs::path(s.path).parent_path();
    const int previous = info[i].iteration - 1;
    for (size_t j = 0; j < runs.size(); ++j) {
      if (info[j].stage != Stage::Student || fs::path(runs[j].path).parent_path() != parent) {
        continue;
      }
      if (info[j].iteration == previous && s.supervisor < 0) {
        s.supervisor = static_cast<int>(j);
      }
    }
    if (s.supervisor < 0) {
      batch.warnings.push_back(what + ": the stage before " + s.stage +
                               " is not in the folder; its supervisor is left unset");
    }
  }
}

}  // namespace

ImportBatch readEleutherResults(const std::string& folder) {
  ImportBatch batch;
  batch.folder = folder;
  batch.format = kFormat;
  std::vector<StageRun> info;
  for (const fs::path& dir : findRunFolders(folder, {"config.json", "results.json"})) {
    StageRun s;
    s.stage = stageOf(dir.filename().string(), &s.iteration);
    if (s.stage == Stage::Unknown) {
      batch.warnings.push_back(dir.string() +
                               ": skipped: the folder name does not say which "
                               "stage it is (expected weak, floor, strong, ceil, w2s or s2s-N)");
      continue;
    }
    batch.runs.push_back(readStage(dir, folder, s));
    info.push_back(s);
  }
  if (batch.runs.empty()) {
    throw DataError(folder +
                    ": no EleutherAI/w2s stage folder found (expected folders named "
                    "weak, strong, w2s, ... with config.json and results.json)");
  }
  link(batch, info);
  return batch;
}

ImportSummary importEleutherResults(RunStore& store, const std::string& folder) {
  return writeImport(store, readEleutherResults(folder));
}

}  // namespace w2s
