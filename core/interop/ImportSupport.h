#pragma once
// Helpers the importers share: reading JSON files with errors that name them, finding run
// folders, and matching a student with its supervisor and ceiling.
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/interop/ImportedRun.h"

namespace w2s {

/// Throws DataError naming `file` when it resolves (through symbolic links) to a path outside
/// `folder`: an import folder must not make the program read arbitrary files.
void requireInsideFolder(const std::filesystem::path& file, const std::filesystem::path& folder);

/// Parses a JSON file of the import folder `folder`; throws DataError naming the file when it is
/// missing, malformed, nested too deeply, or a link that resolves outside `folder`.
nlohmann::json readJsonFile(const std::filesystem::path& file, const std::filesystem::path& folder);

/// Folders under `root` (root included) that contain every one of `markers`, sorted by path.
/// Throws DataError when root is not a readable folder.
std::vector<std::filesystem::path> findRunFolders(const std::filesystem::path& root,
                                                  const std::vector<std::string>& markers);

/// "openai" or "eleuther", guessed from the files under `folder`; throws DataError when neither
/// layout is found.
std::string detectImportFormat(const std::string& folder);

/// The first of `keys` that `object` holds as a number, or nullopt.
std::optional<double> numberField(const nlohmann::json& object,
                                  const std::vector<std::string>& keys);

/// Test accuracy from a results file: the first of `keys` present; throws DataError naming the
/// file and the keys when none is a number in [0, 1].
double accuracyField(const nlohmann::json& results, const std::vector<std::string>& keys,
                     const std::filesystem::path& file);

/// A seed field as an unsigned integer; throws DataError naming file and field otherwise.
uint64_t seedField(const nlohmann::json& value, const std::string& field,
                   const std::filesystem::path& file);

/// A required string field; throws DataError naming file and field when absent or not a string.
std::string stringField(const nlohmann::json& object, const std::string& field,
                        const std::filesystem::path& file);

/// Among runs[i] with accept(runs[i]), the best match for `student`: the most fields of `prefer`
/// equal in the candidate's original config, then the nearest folder (longest common path),
/// then the smallest path. -1 when no run is accepted.
int bestMatch(const std::vector<ImportedRun>& runs, const ImportedRun& student,
              const nlohmann::json& prefer, const std::function<bool(const ImportedRun&)>& accept);

}  // namespace w2s
