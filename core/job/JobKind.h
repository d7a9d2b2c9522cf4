#pragma once
// What a job trains, at every layer above SQL (the store writes and reads its name).
#include <iosfwd>
#include <string>

namespace w2s {

/// Pretrain: self-supervised training of a pretrained ladder size's backbone, which that size's
/// weak, ceiling and student jobs start from (appended last: the values seed model inits).
enum class JobKind { Weak, Ceiling, Student, Pretrain };

/// "weak" | "ceiling" | "student" | "pretrain": the name in job configs and the store.
const char* toString(JobKind k);
/// Reads toString's names; throws SpecError naming what was expected.
JobKind jobKindFromString(const std::string& s);
std::ostream& operator<<(std::ostream& os, JobKind k);

}  // namespace w2s
