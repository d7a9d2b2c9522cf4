#include "core/job/JobKind.h"

#include <ostream>

#include "core/util/Error.h"

namespace w2s {

const char* toString(JobKind k) {
  switch (k) {
    case JobKind::Weak:
      return "weak";
    case JobKind::Ceiling:
      return "ceiling";
    case JobKind::Student:
      return "student";
    case JobKind::Pretrain:
      return "pretrain";
  }
  return "weak";
}

JobKind jobKindFromString(const std::string& s) {
  for (JobKind k : {JobKind::Weak, JobKind::Ceiling, JobKind::Student, JobKind::Pretrain}) {
    if (s == toString(k)) return k;
  }
  throw SpecError("job kind: expected \"weak\", \"ceiling\", \"student\" or \"pretrain\", got \"" +
                  s + "\"");
}

std::ostream& operator<<(std::ostream& os, JobKind k) { return os << toString(k); }

}  // namespace w2s
