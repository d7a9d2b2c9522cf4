#pragma once
// JSON fields of the text and imported tasks (spam_assassin, sentiment, fine_food, csv, jsonl):
// kept apart from SpecJson.cpp so the image/synthetic fields stay where they were.
#include <nlohmann/json.hpp>
#include <string>

#include "core/data/TaskSpec.h"
#include "core/data/TextTask.h"  // isTextOrTableDataset
#include "core/util/JsonFields.h"

namespace w2s {

/// Adds the fields that determine a text/table task's data to `j` (TaskSpec::toJson).
void addTextTaskJson(const TaskSpec& t, nlohmann::json& j);

/// Parses the text/table fields of `j` into `t` (dataset already set); rejects unknown keys.
void parseTextTaskJson(const JsonFields& f, const nlohmann::json& j, TaskSpec& t);

/// Label suffix, e.g. "(yelp)" or "(reviews.csv)".
std::string textTaskLabelSuffix(const TaskSpec& t);

}  // namespace w2s
