#pragma once
// Misfit against gain over many students, and choosing a supervisor without labels
// (docs/science.md, "Misfit and gain"). Reads StudentOutcome::misfit of direct students
// (trained on a weak model's labels, no chain, no label source).
#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis/Report.h"

namespace w2s {

/// How one gain follows one misfit over students: the means, Pearson's r, the least-squares
/// slope of gain on misfit and the share of students whose gain is at least their misfit (the
/// inequality the papers prove under their assumptions). NaN where undefined (fewer than 3
/// students for r).
/// Whether a student enters the misfit analysis: direct (no chain, no label source) and with
/// StudentOutcome::misfit computed.
bool inMisfitAnalysis(const StudentOutcome& o);

struct GainFit {
  int n = 0;
  double meanMisfit = 0.0, meanGain = 0.0;
  double r = 0.0, slope = 0.0;
  double holds = 0.0;
};
GainFit fitGain(const std::vector<double>& misfit, const std::vector<double>& gain);

/// The students of one (task, view, loss): squared-loss, KL and plain-words (disagreement rate
/// vs accuracy gain) fits.
struct MisfitGainCell {
  std::string task, view, loss;
  GainFit squared, kl, plain;
};
std::vector<MisfitGainCell> misfitGainByCell(const std::vector<StudentOutcome>& outcomes);

/// One student size and seed of a (task, view, loss) with students of at least 3 weak models:
/// rank the weak models by the squared-loss misfit of their students (no labels needed) and
/// compare with the students' test accuracy.
struct SupervisorChoice {
  std::string task, view, loss, strongSize;
  uint64_t seed = 0;
  int supervisors = 0;
  double rho = 0.0;                  ///< Spearman(misfit, student test accuracy)
  std::string byMisfit, byAccuracy;  ///< the weak size with the largest misfit / best student
};
std::vector<SupervisorChoice> chooseSupervisorsByMisfit(
    const std::vector<StudentOutcome>& outcomes);

/// Several SupervisorChoices summed up: the mean Spearman over those where it is defined
/// (`rho` NaN when none is), how many there are, how often the largest misfit picked the best
/// student, and the most weak models any had.
struct ChoiceSummary {
  double rho = 0.0;
  int rhoN = 0, groups = 0, picked = 0, supervisors = 0;
};
ChoiceSummary summarizeChoices(const std::vector<SupervisorChoice>& choices);

}  // namespace w2s
