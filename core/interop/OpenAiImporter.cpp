#include "core/interop/OpenAiImporter.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/interop/ImportSupport.h"
#include "core/interop/KnownModels.h"
#include "core/util/Error.h"
#include "core/util/JsonLimits.h"

namespace fs = std::filesystem;

namespace w2s {

namespace {

using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kFormat = "openai/weak-to-strong";

json trainFields(const json& config) {
  json t = json::object();
  auto copy = [&](const char* from, const char* to) {
    if (config.contains(from)) t[to] = config.at(from);
  };
  copy("lr", "lr");
  copy("epochs", "epochs");
  copy("batch_size", "batch_size");
  copy("optim", "optimizer");
  copy("eval_every", "eval_every");
  copy("max_ctx", "max_ctx");
  copy("n_docs", "n_docs");
  copy("n_test_docs", "n_test_docs");
  copy("linear_probe", "linear_probe");
  copy("train_with_dropout", "train_with_dropout");
  if (config.contains("lr_schedule") && config.at("lr_schedule").is_string()) {
    const std::string s = config.at("lr_schedule").get<std::string>();
    t["schedule"] = s == "cosine_anneal" ? "cosine" : s;
  }
  return t;
}

// log.jsonl holds one object per training step ({"step", "progress", "loss", "lr", ...});
// evaluations add "eval_accuracy" to the object of the step they ran before, and the final
// evaluation is an object of its own without "step".
std::vector<EvalPoint> readLog(const fs::path& file, double epochs) {
  std::vector<EvalPoint> curve;
  std::ifstream in(file);
  if (!in) throw DataError(file.string() + ": cannot open file for reading");
  std::string line;
  int lineNo = 0;
  int64_t lastStep = -1;
  double lossSum = 0.0, lastLr = kNaN, lastProgress = 0.0;
  int lossCount = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const json j = parseJsonLimited(line, file.string() + ":" + std::to_string(lineNo));
    if (!j.is_object()) {
      throw DataError(file.string() + ":" + std::to_string(lineNo) + ": expected a JSON object");
    }
    const bool hasStep = j.contains("step") && j.at("step").is_number_integer();
    if (hasStep) lastStep = j.at("step").get<int64_t>();
    if (auto lr = numberField(j, {"lr"})) lastLr = *lr;
    if (auto progress = numberField(j, {"progress"})) lastProgress = *progress;
    if (auto acc = numberField(j, {"eval_accuracy"})) {
      EvalPoint p;
      p.step = hasStep ? lastStep : lastStep + 1;
      p.epoch = hasStep ? lastProgress * epochs : epochs;
      p.trainLoss = lossCount ? lossSum / lossCount : kNaN;
      p.testLoss = kNaN;
      p.testAcc = *acc;
      p.lr = lastLr;
      curve.push_back(p);
      lossSum = 0.0;
      lossCount = 0;
    }
    // The loss in an evaluation's object is the step after it: count it towards the next point.
    if (auto loss = numberField(j, {"loss"}); loss && hasStep) {
      lossSum += *loss;
      ++lossCount;
    }
  }
  return curve;
}

ImportedRun readRun(const fs::path& dir, const fs::path& root) {
  const fs::path configFile = dir / "config.json";
  const fs::path resultsFile = dir / "results_summary.json";
  ImportedRun r;
  r.path = dir.string();
  r.original = readJsonFile(configFile, root);
  r.results = readJsonFile(resultsFile, root);
  if (!r.original.is_object()) throw DataError(configFile.string() + ": expected a JSON object");
  r.task = stringField(r.original, "ds_name", configFile);
  r.model = stringField(r.original, "model_size", configFile);
  // The reference plotting notebook treats a missing seed as 0.
  r.seed = r.original.contains("seed") ? seedField(r.original.at("seed"), "seed", configFile) : 0;
  r.loss = r.original.contains("loss") ? stringField(r.original, "loss", configFile) : "xent";
  r.lossConfig = json{{"name", r.loss}};
  r.train = trainFields(r.original);
  r.accuracy =
      accuracyField(r.results, {"accuracy", "avg_acc_test", "acc", "test_accuracy"}, resultsFile);
  if (auto a = numberField(r.results, {"auroc", "avg_auroc_test"})) r.auroc = *a;
  r.params = knownModelParams(r.model);
  r.groundTruth = !r.original.contains("weak_model_size") && !r.original.contains("weak_model");
  r.stage = r.groundTruth ? "ground truth" : "w2s";
  if (r.original.contains("weak_model") && !r.original.at("weak_model").is_object()) {
    throw DataError(configFile.string() +
                    ": field \"weak_model\" must be an object (the weak "
                    "model's config)");
  }
  if (fs::is_regular_file(dir / "log.jsonl")) {
    const double epochs = numberField(r.original, {"epochs"}).value_or(kNaN);
    requireInsideFolder(dir / "log.jsonl", root);
    r.curve = readLog(dir / "log.jsonl", epochs);
  }
  return r;
}

std::string weakModelOf(const ImportedRun& s, const fs::path& configFile) {
  if (s.original.contains("weak_model_size")) {
    return stringField(s.original, "weak_model_size", configFile);
  }
  return stringField(s.original.at("weak_model"), "model_size", configFile);
}

void link(ImportBatch& batch) {
  auto& runs = batch.runs;
  for (ImportedRun& s : runs) {
    if (s.groundTruth) continue;
    const fs::path configFile = fs::path(s.path) / "config.json";
    const std::string weakModel = weakModelOf(s, configFile);
    const json weakConfig =
        s.original.contains("weak_model") ? s.original.at("weak_model") : json();
    const int weak = bestMatch(runs, s, weakConfig, [&](const ImportedRun& c) {
      return c.groundTruth && c.task == s.task && c.model == weakModel && c.seed == s.seed;
    });
    // The ceiling trained like the student, on ground truth with the plain loss.
    json ceilingConfig = s.original;
    ceilingConfig.erase("weak_model");
    ceilingConfig.erase("weak_model_size");
    ceilingConfig["loss"] = "xent";
    const int ceiling = bestMatch(runs, s, ceilingConfig, [&](const ImportedRun& c) {
      return c.groundTruth && c.task == s.task && c.model == s.model && c.seed == s.seed;
    });
    const std::string what = s.path + " (" + s.task + ", " + weakModel + " -> " + s.model +
                             ", seed " + std::to_string(s.seed) + ")";
    if (weak < 0) {
      batch.warnings.push_back(what + ": no ground-truth run of the weak model " + weakModel +
                               " in the folder; imported without a supervisor (no PGR)");
    } else {
      s.supervisor = s.weakRoot = weak;
      runs[weak].asWeak = true;
    }
    if (ceiling < 0) {
      batch.warnings.push_back(what + ": no ground-truth run of " + s.model +
                               " in the folder; imported without a ceiling (no PGR)");
    } else {
      s.ceiling = ceiling;
      runs[ceiling].asCeiling = true;
    }
  }
}

}  // namespace

ImportBatch readOpenAiResults(const std::string& folder) {
  ImportBatch batch;
  batch.folder = folder;
  batch.format = kFormat;
  for (const fs::path& dir : findRunFolders(folder, {"results_summary.json"})) {
    batch.runs.push_back(readRun(dir, folder));
  }
  // train_weak_to_strong.py writes one "<weak>_<strong>.results_summary.json" per pair, without
  // the configs the store needs.
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(folder, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::string suffix = ".results_summary.json";
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      batch.warnings.push_back(it->path().string() +
                               ": a train_weak_to_strong.py summary (no config.json) is not "
                               "imported; import the run folders of train_simple.py instead");
    }
  }
  if (batch.runs.empty()) {
    throw DataError(folder +
                    ": no openai/weak-to-strong run folder found (expected folders with "
                    "config.json and results_summary.json, as train_simple.py writes them)");
  }
  link(batch);
  return batch;
}

ImportSummary importOpenAiResults(RunStore& store, const std::string& folder) {
  return writeImport(store, readOpenAiResults(folder));
}

}  // namespace w2s
