#pragma once
// A sweep's summaries as documented JSON (docs/interop.md, schema "w2s-workbench/summary"),
// for notebooks and other tools.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace w2s {

class RunStore;

/// Schema version written in "version"; bump it when a field changes meaning or goes away.
constexpr int kSummarySchemaVersion = 1;

/// The summary of one sweep (or of every student in the store when sweepId is nullopt): one
/// entry per (task, view, weak size, strong size, loss) group with means and `level` confidence
/// intervals over seeds, and one entry per student and seed. Undefined PGR and missing numbers
/// are null, never a number. Throws StoreError for an unknown sweep.
nlohmann::json exportSummaryJson(const RunStore& store, std::optional<int64_t> sweepId,
                                 double level = 0.95);

/// `summary` as indented JSON text. Names from a store may hold bytes that are not UTF-8 (nlohmann
/// would throw on them): such bytes become U+FFFD, so the export always succeeds.
std::string summaryJsonText(const nlohmann::json& summary);

}  // namespace w2s
