// w2s merge OUT.db IN.db...: combines run stores by content hash (core/store/StoreMerge.h).
#include <filesystem>
#include <ostream>

#include "core/cli/Args.h"
#include "core/cli/Commands.h"
#include "core/store/RunStore.h"
#include "core/store/StoreMerge.h"
#include "core/store/StoreRetry.h"
#include "core/text/Utf8.h"
#include "core/util/Error.h"

namespace w2s {

int mergeCommand(const ArgList& args, std::ostream& out, std::ostream& err) {
  const Args a(args, "merge", {}, {});
  const auto& paths = a.positional();
  if (paths.size() < 2) {
    err << "usage: w2s merge OUT.db IN.db [IN.db ...]\n";
    return 2;
  }
  // Every input must exist before anything is written: a typo fails the whole command.
  for (size_t i = 1; i < paths.size(); ++i) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(paths[i], ec)) {
      throw StoreError("merge input " + paths[i] + ": no such store file");
    }
  }
  RunStore store(paths[0]);
  size_t conflicts = 0;
  for (size_t i = 1; i < paths.size(); ++i) {
    // A sweep writing into the output holds its lock for moments at a time: wait for it.
    const MergeReport r = retryWhileBusy([&] { return mergeStore(store, paths[i]); }, 600.0);
    out << "merged " << printableText(paths[i]) << ": " << r.jobsAdded << " jobs added, "
        << r.jobsCompleted << " completed, " << r.jobsIdentical << " identical, "
        << r.sweepsAdded << " sweeps and " << r.runsAdded << " runs added; " << r.rowsChanged
        << " rows changed\n";
    for (const std::string& c : r.conflicts) err << "conflict: " << printableText(c) << "\n";
    conflicts += r.conflicts.size();
  }
  if (conflicts > 0) {
    err << "w2s merge: " << conflicts
        << " conflict(s): the output kept its own results for those (exit status 3)\n";
    return 3;
  }
  return 0;
}

}  // namespace w2s
