#pragma once
// Short human labels of jobs, shared by the queue, the run table and the controller's signals.
#include <QString>
#include <QVariantMap>
#include <nlohmann/json.hpp>
#include <string>

#include "core/job/JobKind.h"

namespace w2s {

/// A JSON scalar as display text: strings unquoted, integers without decimals, null as "".
QString jsonText(const nlohmann::json& value);

/// E.g. "weak w16 · noisy · seed 0", "ceiling w256 · seed 1",
/// "student w16→w256 · noisy · logconf · seed 0", from a job's labels (Job::labels).
QString jobLabel(JobKind kind, const nlohmann::json& labels);

/// Adds every scalar of `value` to `out` under its dotted path ("train.lr", "model.width");
/// arrays are kept whole as compact JSON text ("task.groups" -> "[[0,2],[5,7]]").
void flattenJson(const nlohmann::json& value, const QString& prefix, QVariantMap& out);

}  // namespace w2s
