#pragma once
// Everything the figures draw, read from a run store in one go (no Qt types, no QtCharts): the
// students' outcomes, the students known so far (running ones included) and their curves.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/analysis/Report.h"
#include "core/job/JobStatus.h"
#include "core/train/EvalPoint.h"

namespace w2s {

class RunStore;
struct FigureOptions;

/// A student job as the figures see it, whatever its status.
struct StudentInfo {
  std::string hash, weakHash, ceilingHash;
  std::string task, view, weakSize, strongSize, loss;
  JobStatus status = JobStatus::Pending;
  uint64_t seed = 0;
  int64_t weakParams = 0, strongParams = 0;
  double supervisorAcc;  ///< final accuracy of the supervisor (NaN until it is done)
  double ceilingAcc;     ///< final accuracy of the ceiling (NaN until it is done)
  /// The error structure of its synthetic supervisor ("random_flips", ...); "" for trained ones.
  std::string labelSource;
  /// "w16 → w256 · xent · seed 0" (+ view when not the default clean one).
  std::string label() const;
};

class FigureData {
 public:
  std::vector<StudentOutcome> outcomes;  ///< finished students with supervisor and ceiling
  std::vector<StudentInfo> students;     ///< every student, by weak/strong params, loss, seed
  std::vector<std::string> weakSizes;    ///< palette order (by parameter count)
  std::vector<std::string> strongSizes;  ///< by parameter count
  std::vector<std::string> tasks, views, losses;         ///< in order of first appearance
  std::map<std::string, std::vector<EvalPoint>> curves;  ///< loaded curves by job hash
  std::vector<std::string> curveStudents;                ///< the students figure 1 draws
  std::set<std::string> jobHashes;  ///< every job read (to notice jobs planned since)

  /// Reads a store (a sweep, or the whole store). `curveHashes` picks figure 1's students; when
  /// empty, defaultCurveStudents() is used. Throws StoreError from the store.
  static FigureData load(const RunStore& store, std::optional<int64_t> sweepId,
                         const std::vector<std::string>& curveHashes = {});

  /// Colour index of a weak size: its position in weakSizes (stable across figures and filters).
  int weakIndex(const std::string& size) const;
  int lossIndex(const std::string& loss) const;
  int viewIndex(const std::string& view) const;
  const StudentInfo* student(const std::string& hash) const;
  /// Outcomes passing the task/view/loss filters of `options`.
  std::vector<const StudentOutcome*> filtered(const FigureOptions& options) const;
  /// `outcomes` without same-size pairs (strong no larger than weak): their PGR divides by a
  /// ceiling-minus-supervisor gap of seed noise, so the PGR line figures leave them out (the
  /// heatmap shows them). Returns how many were left out in `dropped`.
  static std::vector<const StudentOutcome*> withSizeGap(
      const std::vector<const StudentOutcome*>& outcomes, int* dropped = nullptr);
  /// The cut that shows the sweep's result, where figures open when no filter is chosen: the
  /// supervisor view and loss whose direct students with a size gap recover the most of the gap
  /// (highest mean PGR over their defined values). {"", ""} before any student has a PGR.
  std::pair<std::string, std::string> storyCut() const;
  /// Figure 1's default: for the first task, the story cut's view and loss (storyCut; the first
  /// ones before any result) and the first seed, one student per weak size supervising the
  /// largest strong size (the paper's overfitting curves), at most `limit`.
  std::vector<std::string> defaultCurveStudents(size_t limit = 6) const;
  /// Appends a live evaluation to a loaded curve (epoch extrapolated from the last point).
  /// Returns false when the curve is not one figure 1 draws.
  bool appendEval(const std::string& hash, int64_t step, double testAcc);
};

}  // namespace w2s
