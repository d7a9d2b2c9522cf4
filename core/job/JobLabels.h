#pragma once
// A job's display labels: what the planner (and an import) writes beside a job's config and
// every reader — report, export, figures, the window's tables — decodes, through this one
// struct. Labels are not hashed: they describe a job, its config identifies it.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace w2s {

struct JobLabels {
  std::string task;        ///< the task's label, e.g. "fashion_mnist[0,2|5,7]"
  std::string size;        ///< the ladder size a weak, ceiling or pretrain job trains
  std::string weakSize;    ///< a student's supervisor size (or label source name)
  std::string strongSize;  ///< a student's (or ceiling's) size
  std::string view;        ///< the supervisor's view (or label source type)
  std::string loss;        ///< LossSpec::label() of a student
  std::optional<uint64_t> seed;
  std::optional<int64_t> params;        ///< parameters of the model this job trains
  std::optional<int64_t> weakParams;    ///< a student's supervisor's parameters
  std::optional<int64_t> strongParams;  ///< a student's parameters
  std::string ceiling;                  ///< hash of the ceiling a student's PGR uses
  std::string method;          ///< "bootstrap", "s2s-2", "lp(weak)", "lp(gt)", "ft(weak)+lp(gt)"
  std::string labelSource;     ///< type of a synthetic label source
  std::string rootWeak;        ///< a chain step's weak model at the chain's root (hash)
  std::string supervisorSize;  ///< a chain step's direct supervisor's size
  std::optional<int> chainSteps;
  std::string student;    ///< the student whose backbone an ft(weak)+lp(gt) job re-probes
  bool imported = false;  ///< read from a reference code base's results (w2s import)

  /// Only the fields that are set (non-empty strings, present optionals).
  nlohmann::json toJson() const;
  /// Reads what toJson() writes. Tolerant of stores edited by hand or written by older
  /// versions: a missing field stays unset, a string field holding another JSON value reads as
  /// its JSON text, a number field holding anything but an integer stays unset.
  static JobLabels fromJson(const nlohmann::json& j);
};

}  // namespace w2s
