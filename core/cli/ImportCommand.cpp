#include "core/cli/ImportCommand.h"

#include <filesystem>
#include <fstream>
#include <ostream>

#include "core/cli/Args.h"
#include "core/interop/EleutherImporter.h"
#include "core/interop/ImportSupport.h"
#include "core/interop/OpenAiImporter.h"
#include "core/interop/SummaryExport.h"
#include "core/store/RunStore.h"
#include "core/text/Utf8.h"
#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"

namespace fs = std::filesystem;

namespace w2s {

int importCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Args a(args, "import", {"format", "db"});
  if (a.positional().size() != 1) {
    throw SpecError("w2s import: expected one FOLDER, got " +
                    std::to_string(a.positional().size()) +
                    " (usage: w2s import FOLDER [--format openai|eleuther|auto] [--db FILE])");
  }
  const std::string folder = a.positional()[0];
  std::string format = a.value("format", "auto");
  if (format != "openai" && format != "eleuther" && format != "auto") {
    throw SpecError("w2s import: --format expects openai, eleuther or auto, got \"" + format +
                    "\"");
  }
  if (!fs::is_directory(folder)) throw DataError(folder + ": no such folder");
  if (format == "auto") format = detectImportFormat(folder);

  // Read everything before opening the store: a malformed folder leaves the store untouched.
  const ImportBatch batch =
      format == "openai" ? readOpenAiResults(folder) : readEleutherResults(folder);
  RunStore store(a.value("db", defaultDbPath()));
  const ImportSummary s = writeImport(store, batch);

  for (const auto& w : s.warnings) err << "w2s import: warning: " << printableText(w) << "\n";
  out << "imported " << batch.runs.size() << " runs from " << folder << " (" << batch.format
      << ") into sweep " << s.sweepId << " of " << store.path() << ": " << s.weak
      << " weak models, " << s.ceilings << " ceilings, " << s.students << " students ("
      << s.studentsWithPgrInputs << " with supervisor and ceiling)\n"
      << "see: w2s report --sweep " << s.sweepId << " --db " << store.path() << "\n";
  return 0;
}

int exportJsonCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  Args a(args, "export-json", {"out", "sweep", "db", "level"});
  const auto target = a.value("out");
  if (!target) throw SpecError("w2s export-json: --out FILE is required (- for standard output)");
  if (!a.positional().empty()) {
    throw SpecError("w2s export-json: unexpected argument \"" + a.positional()[0] + "\"");
  }
  const std::string db = a.value("db", defaultDbPath());
  if (db != ":memory:" && !fs::exists(db)) {
    throw StoreError(db + ": no run store here (run a sweep first, or pass --db FILE)");
  }
  double level = 0.95;
  if (auto l = a.value("level")) {
    try {
      level = std::stod(*l);
    } catch (const std::exception&) {
      level = -1;
    }
    if (!(level > 0 && level < 1)) {
      throw SpecError("w2s export-json: --level expects a number in (0, 1), got \"" + *l + "\"");
    }
  }
  RunStore store(db, RunStore::OpenMode::ReadOnly);
  std::optional<int64_t> sweepId;
  const std::string sweep = a.value("sweep", "");
  if (sweep.empty()) {
    const auto latest = store.latestSweep();
    if (!latest) throw StoreError(store.path() + ": the store holds no sweep yet");
    sweepId = latest->id;
  } else if (sweep != "all") {
    sweepId = a.integer("sweep", 0, 1, 1 << 30);
  }
  const nlohmann::json summary = exportSummaryJson(store, sweepId, level);
  if (*target == "-") {
    out << summaryJsonText(summary);
    return 0;
  }
  writeFileAtomically(*target, summaryJsonText(summary));
  out << "wrote " << summary.at("groups").size() << " groups and " << summary.at("outcomes").size()
      << " student outcomes to " << *target << "\n";
  return 0;
}

}  // namespace w2s
