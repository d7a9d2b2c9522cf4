#pragma once
// Area under the ROC curve: the probability that a random positive scores above a random
// negative (ties count one half), as EleutherAI/w2s reports beside accuracy.
#include <vector>

namespace w2s {

/// Binary AUROC of `scores` against `labels` (1 = positive, 0 = negative), rank-based with tied
/// scores given their average rank (Mann-Whitney U / (n_pos * n_neg)). NaN when one class is
/// absent. Throws std::invalid_argument on a size mismatch, a label other than 0/1 or a NaN score.
double binaryAuroc(const std::vector<double>& scores, const std::vector<int>& labels);

/// AUROC of class probabilities (row-major [rows, cols], e.g. ProbMatrix::data) against class
/// indices. Two columns: the binary AUROC of column 1. More: the one-vs-rest macro average over
/// the classes present in `truth` that also have negatives (classes absent from `truth` are
/// skipped); NaN when no class qualifies. Throws std::invalid_argument when the sizes disagree or
/// a truth index is outside [0, cols).
double auroc(const std::vector<float>& probs, int cols, const std::vector<int>& truth);

/// auroc() of log-probabilities (row-major doubles, e.g. a log-softmax): two columns rank by the
/// margin log p1 - log p0 (the logit difference), more columns by log p_c. The same ranking as
/// the probabilities, without the ties float32 probabilities make when they saturate at 1.
double aurocFromLogProbs(const std::vector<double>& logProbs, int cols,
                         const std::vector<int>& truth);

}  // namespace w2s
