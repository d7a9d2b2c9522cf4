#include "core/store/UnsavedResults.h"

#include <sqlite3.h>

#include <filesystem>

#include "core/store/Statement.h"
#include "core/util/Error.h"

namespace w2s {

namespace fs = std::filesystem;

std::string unsavedFolder(const std::string& storePath) { return storePath + ".unsaved"; }

std::string keepUnsaved(const std::string& storePath, const JobResult& result) {
  if (storePath == ":memory:") {
    throw StoreError("run store :memory:: cannot keep the result of job " + result.record.hash +
                     " beside an in-memory store");
  }
  const fs::path folder = unsavedFolder(storePath);
  const fs::path final = folder / (result.record.hash + ".db");
  const fs::path temp = folder / (result.record.hash + ".db.partial");
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw StoreError(folder.string() + ": cannot create the folder: " + ec.message());
  fs::remove(temp, ec);
  {
    RunStore side(temp.string());
    side.saveResult(result);
    // Back into a single file (no -wal beside it) before it is renamed into place.
    sqlite3_exec(side.handle(), "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE",
                 nullptr, nullptr, nullptr);
  }
  fs::rename(temp, final, ec);
  if (ec) throw StoreError(final.string() + ": cannot rename the kept result: " + ec.message());
  return final.string();
}

std::vector<JobResult> readResults(const RunStore& store) {
  std::vector<JobResult> out;
  for (const JobRecord& r : store.jobs()) {
    if (r.status != JobStatus::Done) continue;
    JobResult res;
    res.record = r;
    res.curve = store.curve(r.hash);
    if (auto p = store.testProbs(r.hash)) res.testProbs = *p;
    std::vector<int64_t> ids;
    if (auto l = store.labels(r.hash, &ids)) {
      res.labels = *l;
      res.labelIds = ids;
    }
    const nlohmann::json summary = store.summary(r.hash);
    if (!summary.empty()) res.summary = summary;
    Statement formats(store.handle(), "SELECT format FROM weights WHERE job_hash = ?");
    formats.bind(1, r.hash);
    while (formats.step()) {
      const std::string f = formats.getText(0);
      if (auto w = store.weights(r.hash, f)) res.weights[f] = *w;
    }
    out.push_back(std::move(res));
  }
  return out;
}

std::vector<std::string> saveKeptResults(RunStore& store, std::vector<std::string>* problems) {
  std::vector<std::string> saved;
  if (store.path() == ":memory:") return saved;
  const fs::path folder = unsavedFolder(store.path());
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return saved;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const fs::path file = entry.path();
    if (file.extension() != ".db") continue;
    try {
      std::vector<JobResult> results;
      {
        RunStore side(file.string(), RunStore::OpenMode::ReadOnly);
        results = readResults(side);
      }
      for (const JobResult& r : results) {
        store.saveResult(r, /*keepDone=*/true);
        saved.push_back(r.record.hash);
      }
      fs::remove(file, ec);
      fs::remove(file.string() + "-wal", ec);
      fs::remove(file.string() + "-shm", ec);
    } catch (const std::exception& e) {
      if (problems) problems->push_back(file.string() + ": " + e.what());
    }
  }
  fs::remove(folder, ec);  // only succeeds when empty
  return saved;
}

}  // namespace w2s
