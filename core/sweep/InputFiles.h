#pragma once
// The files a sweep reads besides its packaged data sets (csv/jsonl tasks, imported embeddings
// and TorchScript models): where they are, and what they hold.
#include <string>

#include "core/sweep/SweepSpec.h"

namespace w2s {

/// Makes relative input paths absolute against `baseDir` (the sweep file's folder), so that a
/// sweep means the same files from whichever folder it is run. No file is read.
void resolveInputPaths(SweepSpec& spec, const std::string& baseDir);

/// A copy of `spec` with the SHA-256 of every input file's contents filled in (cached by path,
/// size and modification time). Job configs carry the digest, and job hashes use it instead of
/// the path: an edited file is a new job, the same file moved is the same job. Throws DataError
/// naming a file that cannot be read.
SweepSpec withInputDigests(const SweepSpec& spec);

/// Checks that `path` still holds the contents `sha256` names (no check when it is empty);
/// throws DataError naming the file and `what` ("task.path") otherwise.
void checkInputDigest(const std::string& path, const std::string& sha256, const std::string& what);

}  // namespace w2s
