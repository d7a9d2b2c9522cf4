#include "core/data/TextTask.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <future>
#include <map>
#include <mutex>

#include "core/data/Random.h"
#include "core/data/TextCorpora.h"
#include "core/text/BpeTokenizer.h"
#include "core/text/DataDir.h"
#include "core/text/TableImport.h"
#include "core/text/TextCorpus.h"
#include "core/util/Error.h"
#include "core/util/Hash.h"
#include "core/util/Salts.h"

namespace w2s {

namespace {

// The test split and subsets are fixed shuffles (salt::kTextTestSplit, salt::kSubset), functions
// of the data only: every sweep on a corpus tests on the same examples.
constexpr double kTestFraction = 0.2;

/// Positions 0..n-1 cut by a fixed shuffle into (train, test), each in ascending order.
std::pair<std::vector<int64_t>, std::vector<int64_t>> fixedSplit(int64_t n) {
  const std::vector<int64_t> perm = seededPermutation(n, salt::kTextTestSplit);
  const auto nTest = static_cast<int64_t>(std::llround(kTestFraction * static_cast<double>(n)));
  std::vector<int64_t> test(perm.begin(), perm.begin() + nTest);
  std::vector<int64_t> train(perm.begin() + nTest, perm.end());
  std::sort(test.begin(), test.end());
  std::sort(train.begin(), train.end());
  return {train, test};
}

/// `want` (0 = all) of `rows` chosen by a fixed shuffle, kept in their order.
std::vector<int64_t> subset(const std::vector<int64_t>& rows, int64_t want, const char* field,
                            uint64_t salt) {
  const auto available = static_cast<int64_t>(rows.size());
  if (want < 0) throw SpecError(std::string("task.") + field + ": expected a count >= 0");
  if (want > available) {
    throw SpecError(std::string("task.") + field + ": " + std::to_string(want) +
                    " examples requested, but only " + std::to_string(available) +
                    " are available for this task");
  }
  if (want == 0 || want == available) return rows;
  const std::vector<int64_t> perm = seededPermutation(available, mixSeed(salt::kSubset, salt));
  std::vector<int64_t> chosen(static_cast<size_t>(want));
  for (int64_t k = 0; k < want; ++k) chosen[static_cast<size_t>(k)] = perm[k];
  std::sort(chosen.begin(), chosen.end());
  for (auto& c : chosen) c = rows[static_cast<size_t>(c)];
  return chosen;
}

/// Labelled texts of one corpus, before the train/test cut.
struct Corpus {
  std::vector<TextExample> train, test;
  std::vector<std::string> classNames;
};

std::vector<TextExample> pick(const std::vector<TextExample>& all,
                              const std::vector<int64_t>& rows) {
  std::vector<TextExample> out;
  out.reserve(rows.size());
  for (int64_t r : rows) out.push_back(all[static_cast<size_t>(r)]);
  return out;
}

Corpus splitCorpus(std::vector<TextExample> all, std::vector<std::string> classNames) {
  Corpus c;
  auto [train, test] = fixedSplit(static_cast<int64_t>(all.size()));
  c.train = pick(all, train);
  c.test = pick(all, test);
  c.classNames = std::move(classNames);
  return c;
}

/// Token ids [N, maxLen]: <bos>, the first maxLen - 1 tokens, <pad> after. Counts cut texts.
torch::Tensor tokenRows(const std::vector<std::vector<int32_t>>& enc, int maxLen,
                        int64_t* truncated) {
  const auto n = static_cast<int64_t>(enc.size());
  torch::Tensor x = torch::full({n, maxLen}, BpeTokenizer::kPad, torch::kInt64);
  int64_t* p = x.data_ptr<int64_t>();
  *truncated = 0;
  for (int64_t i = 0; i < n; ++i) {
    const auto& e = enc[static_cast<size_t>(i)];
    int64_t* row = p + i * maxLen;
    row[0] = BpeTokenizer::kBos;
    const auto keep = std::min<int64_t>(static_cast<int64_t>(e.size()), maxLen - 1);
    if (keep < static_cast<int64_t>(e.size())) ++*truncated;
    for (int64_t k = 0; k < keep; ++k) row[k + 1] = e[static_cast<size_t>(k)];
  }
  return x;
}

/// Every text as <bos> tokens <eos>, concatenated: int64 [T].
torch::Tensor tokenStream(const std::vector<std::vector<int32_t>>& enc) {
  int64_t total = 0;
  for (const auto& e : enc) total += static_cast<int64_t>(e.size()) + 2;
  torch::Tensor s = torch::empty({total}, torch::kInt64);
  int64_t* p = s.data_ptr<int64_t>();
  for (const auto& e : enc) {
    *p++ = BpeTokenizer::kBos;
    for (int32_t t : e) *p++ = t;
    *p++ = BpeTokenizer::kEos;
  }
  return s;
}

Dataset labelsAndIds(const std::vector<TextExample>& ex, int numClasses, const std::string& what) {
  const auto n = static_cast<int64_t>(ex.size());
  Dataset d;
  d.y = torch::empty({n}, torch::kInt64);
  d.ids = torch::empty({n}, torch::kInt64);
  int64_t* y = d.y.data_ptr<int64_t>();
  int64_t* id = d.ids.data_ptr<int64_t>();
  for (int64_t i = 0; i < n; ++i) {
    const TextExample& e = ex[static_cast<size_t>(i)];
    if (e.label < 0 || e.label >= numClasses) {
      throw DataError(what + ": example " + std::to_string(e.id) + " has label " +
                      std::to_string(e.label) + ", outside 0.." + std::to_string(numClasses - 1));
    }
    y[i] = e.label;
    id[i] = e.id;
  }
  return d;
}

/// The rows `rows` of `enc`.
std::vector<std::vector<int32_t>> pickRows(const std::vector<std::vector<int32_t>>& enc,
                                           const std::vector<int64_t>& rows) {
  std::vector<std::vector<int32_t>> out;
  out.reserve(rows.size());
  for (int64_t r : rows) out.push_back(enc[static_cast<size_t>(r)]);
  return out;
}

std::vector<int64_t> allRows(size_t n) {
  std::vector<int64_t> rows(n);
  for (size_t i = 0; i < n; ++i) rows[i] = static_cast<int64_t>(i);
  return rows;
}

/// A corpus with its tokenizer and encodings: what every task spec on it shares, whatever
/// its train_size, test_size and max_len.
struct EncodedCorpus {
  Corpus corpus;
  std::shared_ptr<const BpeTokenizer> tokenizer;
  std::vector<std::vector<int32_t>> trainEnc, testEnc;
  torch::Tensor trainStream, testStream;
};

std::shared_ptr<const EncodedCorpus> encode(Corpus c, int vocabSize) {
  auto e = std::make_shared<EncodedCorpus>();
  std::vector<std::string> trainTexts, testTexts;
  for (const auto& x : c.train) trainTexts.push_back(x.text);
  for (const auto& x : c.test) testTexts.push_back(x.text);
  auto tok = std::make_shared<const BpeTokenizer>(BpeTokenizer::train(trainTexts, vocabSize));
  // Encoding is the slow part (seconds on SpamAssassin): the two splits encode side by side.
  auto testEnc = std::async(std::launch::async, [&] { return tok->encodeAll(testTexts); });
  e->trainEnc = tok->encodeAll(trainTexts);
  e->testEnc = testEnc.get();
  e->trainStream = tokenStream(e->trainEnc);
  e->testStream = tokenStream(e->testEnc);
  e->tokenizer = std::move(tok);
  e->corpus = std::move(c);
  return e;
}

/// The encoded corpus of `spec` (read by `read` the first time), cached per process: the
/// supervised jobs' task and the pretrain job's task (train_size 0) read and encode it once.
std::shared_ptr<const EncodedCorpus> encodedCorpus(const TaskSpec& spec,
                                                   const std::function<Corpus()>& read) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const EncodedCorpus>> cache;
  const std::string key = spec.dataset + "|" + spec.source + "|" + spec.path + "|" +
                          spec.textColumn + "|" + spec.labelColumn + "|" +
                          std::to_string(spec.vocabSize) + "|" + dataDir();
  std::lock_guard<std::mutex> lock(mutex);  // held while building: one build per corpus
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  return cache[key] = encode(read(), spec.vocabSize);
}

/// Tokenizer and streams come from the whole training (test) split, so every train_size of
/// a corpus shares one tokenizer and one pretraining corpus; x holds the chosen subset.
void fillTextTask(TaskData& task, const EncodedCorpus& e) {
  const TaskSpec& spec = task.spec;
  const Corpus& c = e.corpus;
  const std::string what = spec.label();
  const std::vector<int64_t> trainRows =
      subset(allRows(c.train.size()), spec.trainSize, "train_size", 1);
  const std::vector<int64_t> testRows =
      subset(allRows(c.test.size()), spec.testSize, "test_size", 2);
  if (trainRows.empty() || testRows.empty()) {
    throw DataError(what + ": needs training and test examples, got " +
                    std::to_string(trainRows.size()) + " and " + std::to_string(testRows.size()));
  }
  task.classNames = c.classNames;
  task.numClasses = static_cast<int>(c.classNames.size());
  task.train = labelsAndIds(pick(c.train, trainRows), task.numClasses, what);
  task.test = labelsAndIds(pick(c.test, testRows), task.numClasses, what);
  task.train.x = tokenRows(pickRows(e.trainEnc, trainRows), spec.maxLen, &task.truncatedTrain);
  task.test.x = tokenRows(pickRows(e.testEnc, testRows), spec.maxLen, &task.truncatedTest);
  task.trainStream = e.trainStream;
  task.testStream = e.testStream;
  task.tokens = true;
  task.vocabSize = spec.vocabSize;
  task.tokenizer = e.tokenizer;
  task.inputShape = {spec.maxLen};
}

/// A numeric table: standardized features (training mean and deviation), fixed 80/20 split.
void fillNumericTask(TaskData& task, const ImportedTable& t) {
  const TaskSpec& spec = task.spec;
  auto [trainRows, testRows] = fixedSplit(t.rows());
  trainRows = subset(trainRows, spec.trainSize, "train_size", 1);
  testRows = subset(testRows, spec.testSize, "test_size", 2);
  if (trainRows.empty() || testRows.empty()) {
    throw DataError(spec.path + ": needs at least 2 rows for a training and a test set, got " +
                    std::to_string(t.rows()));
  }
  const int64_t f = t.numFeatures();
  const torch::Tensor all =
      torch::from_blob(const_cast<float*>(t.features.data()), {t.rows(), f}, torch::kFloat32);
  const torch::Tensor labels =
      torch::tensor(std::vector<int64_t>(t.labels.begin(), t.labels.end()), torch::kInt64);
  auto make = [&](const std::vector<int64_t>& rows) {
    Dataset d;
    d.ids = torch::tensor(rows, torch::kInt64);
    d.x = all.index_select(0, d.ids).clone();
    d.y = labels.index_select(0, d.ids);
    return d;
  };
  task.train = make(trainRows);
  task.test = make(testRows);
  const torch::Tensor mean = task.train.x.mean(0, /*keepdim=*/true);
  torch::Tensor sd = task.train.x.std(0, /*unbiased=*/false, /*keepdim=*/true);
  sd = torch::where(sd > 0, sd, torch::ones_like(sd));
  task.train.x = (task.train.x - mean) / sd;
  task.test.x = (task.test.x - mean) / sd;
  task.inputShape = {f};
  task.classNames = t.classNames;
  task.numClasses = static_cast<int>(t.classNames.size());
}

}  // namespace

const std::vector<std::string>& textAndTableDatasets() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& c : textCorpusRegistry()) n.push_back(c.name);
    n.push_back("csv");
    n.push_back("jsonl");
    return n;
  }();
  return names;
}

bool isTableDataset(const std::string& d) { return d == "csv" || d == "jsonl"; }

bool isTextOrTableDataset(const std::string& d) {
  const auto& names = textAndTableDatasets();
  return std::find(names.begin(), names.end(), d) != names.end();
}

bool TaskSpec::isText() const {
  if (isTableDataset(dataset)) return !textColumn.empty();
  return findTextCorpus(dataset) != nullptr;
}

std::shared_ptr<const TaskData> buildTextTask(const TaskSpec& spec) {
  torch::NoGradGuard noGrad;
  auto task = std::make_shared<TaskData>();
  task->spec = spec;
  task->name = spec.label();
  if (spec.isText() && (spec.maxLen < 2 || spec.vocabSize < BpeTokenizer::kFirstMerge)) {
    throw SpecError("task: max_len must be >= 2 and vocab_size >= " +
                    std::to_string(BpeTokenizer::kFirstMerge));
  }
  if (const TextCorpusInfo* corpus = findTextCorpus(spec.dataset)) {
    fillTextTask(*task, *encodedCorpus(spec, [corpus, &spec] {
      CorpusTexts texts = corpus->read(corpus->sources.empty() ? "" : spec.source);
      if (texts.test.empty()) return splitCorpus(std::move(texts.train), corpus->classNames);
      return Corpus{std::move(texts.train), std::move(texts.test), corpus->classNames};
    }));
  } else if (isTableDataset(spec.dataset)) {
    ImportSpec is;
    is.textColumn = spec.textColumn;
    is.featureColumns = spec.featureColumns;
    is.labelColumn = spec.labelColumn;
    auto read = [&] {
      ImportedTable t =
          spec.dataset == "csv" ? importCsv(spec.path, is) : importJsonl(spec.path, is);
      if (t.classNames.size() < 2) {
        throw DataError(spec.path + ": column '" + spec.labelColumn +
                        "' needs at least 2 distinct labels, got " +
                        std::to_string(t.classNames.size()));
      }
      return t;
    };
    if (spec.isText()) {
      fillTextTask(*task, *encodedCorpus(spec, [&] {
        const ImportedTable t = read();
        return splitCorpus(t.texts, t.classNames);
      }));
    } else {
      fillNumericTask(*task, read());
    }
  } else {
    throw SpecError("task.dataset: \"" + spec.dataset + "\" is not a text or table dataset");
  }
  return task;
}

}  // namespace w2s
