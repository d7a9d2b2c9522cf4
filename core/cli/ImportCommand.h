#pragma once
// `w2s import` and `w2s export-json` (docs/interop.md). The CLI dispatcher registers them.
#include <iosfwd>
#include <string>
#include <vector>

namespace w2s {

/// w2s import FOLDER [--format openai|eleuther|auto] [--db FILE]
/// Reads result folders of openai/weak-to-strong or EleutherAI/w2s into the store as a new sweep
/// and prints what it imported and any run it could not link. Returns 0 on success; throws
/// w2s::Error (DataError naming the file, SpecError for bad options) otherwise.
int importCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// w2s export-json --out FILE|- [--sweep ID|all] [--db FILE] [--level 0.95]
/// Writes the summary JSON of a sweep (the latest when --sweep is not given). Returns 0 on
/// success; throws w2s::Error otherwise.
int exportJsonCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace w2s
